import type { EmbeddedPool } from './embedded-pool';

/** What TypeORM's `postgres` driver takes as its `driver` option in place of the `pg` module. */
export interface PgDriverModule {
  Pool: new (options?: unknown) => EmbeddedPool;
}

/**
 * How an app's DataSource reaches its database, spread into its `type: 'postgres'` options: a
 * server's URL, or the embedded database's driver.
 */
export type DatabaseConnection = { url: string } | { driver: PgDriverModule };
