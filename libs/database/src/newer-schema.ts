import { DatabaseStartupError } from './database-startup-error';

/** Anything that runs a statement and returns its rows: a TypeORM DataSource, an EmbeddedDatabase. */
export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export interface MigrationHistory {
  /** Where the database lives, for the message: the data directory, or the server and database name. */
  location: string;
  /** The DataSource's `migrationsTableName`. */
  table: string;
  /** The names of the migrations this build ships (TypeORM records each class's `name`). */
  known: readonly string[];
}

function namesIn(rows: unknown): string[] {
  if (!Array.isArray(rows)) throw new Error('Expected the rows of a SELECT');
  return rows.map((row: unknown) => {
    if (typeof row !== 'object' || row === null || !('name' in row) || typeof row.name !== 'string') {
      throw new Error('Expected rows with a text `name`');
    }
    return row.name;
  });
}

async function appliedMigrations(db: SqlRunner, table: string): Promise<string[]> {
  // regclass prints the name quoted as needed, so it is safe to put into the statement.
  const [found] = namesIn(
    await db.query('SELECT to_regclass($1)::text AS name WHERE to_regclass($1) IS NOT NULL', [table]),
  );
  // No table: nothing was ever migrated here, so nothing can be newer.
  if (found === undefined) return [];
  return namesIn(await db.query(`SELECT name FROM ${found}`));
}

/**
 * Refuses a database that a newer Gatehouse has migrated: this build would run against a schema it
 * does not know. Call it before running the migrations.
 */
export async function assertNoNewerMigrations(db: SqlRunner, history: MigrationHistory): Promise<void> {
  const known = new Set(history.known);
  const unknown = (await appliedMigrations(db, history.table)).filter((name) => !known.has(name));
  if (unknown.length === 0) return;
  throw new DatabaseStartupError(
    history.location,
    `The database in ${history.location} was written by a newer Gatehouse: its ${history.table} table lists ` +
      `migrations this build does not know (${unknown.join(', ')}). Run that version of Gatehouse or a newer one, ` +
      'or restore a backup made before it was upgraded.',
  );
}
