import { resolve } from 'node:path';
import { QueryResult, QueryResultRow } from 'pg';
import { DatabaseConnection, PgDriverModule } from './database-connection';
import { openFailure, postgresReasons, prepareDataDirectory } from './data-directory';
import { EmbeddedPool } from './embedded-pool';
import { freshTemplate } from './fresh-template';
import { EmbeddedSession } from './embedded-session';
import { PgliteStartFailure, PgliteThread } from './pglite-thread';
import { assertNoNewerMigrations } from './newer-schema';

/**
 * A gateway's database is small: Postgres' default 128 MB of shared buffers would be most of the
 * process' memory, all of it touched at start.
 */
const POSTGRES_SETTINGS = ['shared_buffers=16MB'];

async function startThread(directory: string): Promise<PgliteThread> {
  const state = await prepareDataDirectory(directory);
  try {
    return await PgliteThread.start({
      dataDir: directory,
      template: state === 'fresh' ? freshTemplate() : undefined,
      postgresSettings: POSTGRES_SETTINGS,
    });
  } catch (error) {
    const stderr = error instanceof PgliteStartFailure ? error.stderr : [];
    throw await openFailure(directory, state, postgresReasons(stderr, directory), error);
  }
}

/**
 * Postgres in this process (PGlite, Postgres compiled to WebAssembly, on a thread of its own), kept in a directory, for a
 * composition that runs without a database server. Every DataSource on it shares its one session:
 * spread `connection()` into each one's postgres options; destroy them, then `close()`.
 */
export class EmbeddedDatabase {
  /** For TypeORM's `driver` option; each DataSource gets its own pool over the one session. */
  readonly driver: PgDriverModule;

  private constructor(
    /** The absolute path of the data directory. */
    readonly directory: string,
    private readonly session: EmbeddedSession,
  ) {
    this.driver = {
      Pool: class extends EmbeddedPool {
        constructor() {
          super(session);
        }
      },
    };
  }

  /**
   * Opens the database in `directory`, initialising it when the directory is missing or empty.
   * Throws a `DatabaseStartupError` that says what to do when the directory holds anything else.
   */
  static async open(directory: string): Promise<EmbeddedDatabase> {
    const absolute = resolve(directory);
    const thread = await startThread(absolute);
    try {
      return new EmbeddedDatabase(absolute, await EmbeddedSession.start(thread));
    } catch (error) {
      await thread.close();
      throw error;
    }
  }

  /** For an app's DataSource options, in place of a server's URL. */
  connection(): DatabaseConnection {
    return { driver: this.driver };
  }

  /** Throws when `table` lists a migration not in `known`: a newer Gatehouse wrote this database. */
  refuseUnknownMigrations(table: string, known: readonly string[]): Promise<void> {
    return assertNoNewerMigrations(this, { location: this.directory, table, known });
  }

  /** Runs a statement with pg's parameter and result conversions; of several, returns the last one's rows. */
  async query<T extends QueryResultRow = QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]> {
    return this.session.run(async (client) => {
      // pg's types promise one result, but a text of several statements gets one per statement.
      const result: QueryResult<T> | QueryResult<T>[] = await client.query<T>(sql, params);
      return [result].flat().at(-1)?.rows ?? [];
    });
  }

  /** Closes the database; destroy the DataSources on it first. */
  close(): Promise<void> {
    return this.session.close();
  }
}
