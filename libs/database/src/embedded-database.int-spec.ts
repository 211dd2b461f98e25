import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { EmbeddedDatabase } from './embedded-database';
import { temporaryDirectory } from './testing/backends';

describe('EmbeddedDatabase shared by two DataSources', () => {
  let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
  let database: EmbeddedDatabase;
  let first: DataSource;
  let second: DataSource;

  const dataSource = () => new DataSource({ type: 'postgres', ...database.connection() });
  const notes = async () =>
    (await database.query<{ note: string }>('SELECT note FROM notes ORDER BY note')).map((row) => row.note);

  beforeAll(async () => {
    directory = await temporaryDirectory();
    database = await EmbeddedDatabase.open(join(directory.path, 'db'));
    first = dataSource();
    second = dataSource();
    await first.initialize();
    await second.initialize();
    await first.query('CREATE TABLE notes (note text PRIMARY KEY)');
  });

  beforeEach(() => database.query('TRUNCATE notes'));

  afterAll(async () => {
    for (const source of [first, second]) if (source?.isInitialized) await source.destroy();
    await database?.close();
    await directory?.remove();
  });

  it('keeps concurrent transactions from the two atomic: rolled-back rows vanish, committed ones stay', async () => {
    const attempts = Array.from({ length: 8 }, (_, i) => {
      const source = i % 2 === 0 ? first : second;
      const rollBack = i % 3 === 0;
      return source
        .transaction(async (tx) => {
          await tx.query('INSERT INTO notes VALUES ($1)', [`note-${i}-a`]);
          await sleep(5); // the other DataSource's turn, if the session were not held
          await tx.query('INSERT INTO notes VALUES ($1)', [`note-${i}-b`]);
          if (rollBack) throw new Error('roll back');
        })
        .catch((error: unknown) => {
          if (!rollBack) throw error;
        });
    });
    await Promise.all(attempts);
    expect(await notes()).toEqual(
      [1, 2, 4, 5, 7].flatMap((i) => [`note-${i}-a`, `note-${i}-b`]).sort((a, b) => a.localeCompare(b)),
    );
  });

  it('makes a query from one DataSource wait while the other holds the session', async () => {
    const runner = first.createQueryRunner();
    await runner.startTransaction();
    await runner.query(`INSERT INTO notes VALUES ('held')`);
    let answered = false;
    const waiting = second.query('SELECT count(*)::int AS n FROM notes').then((rows: unknown) => {
      answered = true;
      return rows;
    });
    const pool = new database.driver.Pool();
    let pooled = false;
    const pooledQuery = pool.query('SELECT 1').then(() => (pooled = true));
    await sleep(50);
    expect([answered, pooled]).toEqual([false, false]);
    await runner.rollbackTransaction();
    await runner.release();
    expect(await waiting).toEqual([{ n: 0 }]);
    await pooledQuery;
    await pool.end();
  });

  it('rolls back a transaction a client was released in, before the next holder runs', async () => {
    const pool = new database.driver.Pool();
    const client = await pool.connect();
    await client.query('BEGIN');
    await client.query(`INSERT INTO notes VALUES ('left open')`);
    client.release();
    expect(await notes()).toEqual([]);
    await second.query(`INSERT INTO notes VALUES ('after')`);
    expect(await notes()).toEqual(['after']);
    await pool.end();
  });

  it('refuses a released client, and a pool after its end, without closing the database', async () => {
    const pool = new database.driver.Pool();
    const client = await pool.connect();
    client.release();
    await expect(client.query('SELECT 1')).rejects.toThrow('Client was released');
    await pool.end();
    await expect(pool.query('SELECT 1')).rejects.toThrow('Cannot use a pool after calling end');
    expect(await database.query('SELECT 1 AS one; SELECT 2 AS two')).toEqual([{ two: 2 }]);
  });

  it('leaves the database to the other DataSource when one is destroyed', async () => {
    const third = dataSource();
    await third.initialize();
    await third.destroy();
    await second.query(`INSERT INTO notes VALUES ('still here')`);
    expect(await notes()).toEqual(['still here']);
  });

  it('refuses, naming its directory, a database a newer Gatehouse migrated', async () => {
    await expect(database.refuseUnknownMigrations('app_migrations', ['Create1'])).resolves.toBeUndefined();
    await database.query('CREATE TABLE app_migrations (id serial, timestamp bigint, name text)');
    await database.query(`INSERT INTO app_migrations (timestamp, name) VALUES (1, 'Create1'), (2, 'Future2')`);
    await expect(database.refuseUnknownMigrations('app_migrations', ['Create1', 'Future2'])).resolves.toBeUndefined();
    await expect(database.refuseUnknownMigrations('app_migrations', ['Create1'])).rejects.toThrow(
      `The database in ${database.directory} was written by a newer Gatehouse: its app_migrations table lists ` +
        'migrations this build does not know (Future2). Run that version of Gatehouse or a newer one',
    );
  });

  it('closes after the work queued before it, refuses work after it, and keeps the data for a reopen', async () => {
    await first.destroy();
    await second.destroy();
    const pool = new database.driver.Pool();
    const holder = await pool.connect();
    const queued = database.query(`INSERT INTO notes VALUES ('queued before close') RETURNING note`);
    const closing = database.close();
    await expect(database.query('SELECT 1')).rejects.toThrow('The embedded database is closed');
    holder.release();
    expect(await queued).toEqual([{ note: 'queued before close' }]);
    await closing;

    database = await EmbeddedDatabase.open(join(directory.path, 'db'));
    expect(await notes()).toEqual(['queued before close']);
  });
});
