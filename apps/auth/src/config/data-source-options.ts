import { DatabaseConnection } from '@gatehouse/database';
import { DataSourceOptions } from 'typeorm';
import { CreateGovernance1764115200000 } from '../migrations/1764115200000-create-governance';
import { AddGuardrails1796342400000 } from '../migrations/1796342400000-add-guardrails';
import { AUTH_ENTITIES } from '../repositories/entities';

/** The migrations auth applies, in order; the embedded database checks it knows every one applied. */
export const AUTH_MIGRATIONS = [CreateGovernance1764115200000, AddGuardrails1796342400000];
export const AUTH_MIGRATIONS_TABLE = 'auth_migrations';
/** Named, so that auth's and the ledger's DataSources can live in one process (the standalone one). */
export const AUTH_DATA_SOURCE = 'auth';

/** Schema changes only through migrations, applied at start; never `synchronize`. */
export function dataSourceOptions(connection: DatabaseConnection): DataSourceOptions {
  return {
    type: 'postgres',
    ...connection,
    entities: AUTH_ENTITIES,
    migrations: AUTH_MIGRATIONS,
    migrationsRun: true,
    migrationsTableName: AUTH_MIGRATIONS_TABLE,
    synchronize: false,
    // A dead database must fail a query quickly (auth then answers from its cache), never hang it.
    extra: { max: 10, connectionTimeoutMillis: 2_000, query_timeout: 5_000 },
  };
}
