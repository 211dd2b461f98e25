import { randomBytes } from 'node:crypto';
import { cp, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { DatabaseStartupError } from './database-startup-error';
import { EmbeddedDatabase } from './embedded-database';
import { temporaryDirectory } from './testing/backends';

/** Each file under `directory` with its size and the time it was last written, to the nanosecond. */
async function contents(directory: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(directory, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const { size, mtimeNs } = await stat(path, { bigint: true });
    files[relative(directory, path)] = `${size}@${mtimeNs}`;
  }
  return files;
}

/** Opening must fail with `expected`; the files that were there must still be there, unchanged. */
async function expectRefusal(directory: string, expected: RegExp): Promise<void> {
  const before = await contents(directory);
  const failure: unknown = await EmbeddedDatabase.open(directory).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(DatabaseStartupError);
  expect(failure).toMatchObject({ location: directory, message: expect.stringMatching(expected) as string });
  expect((failure as Error).message).toContain(directory);
  expect((failure as Error).message).not.toContain('initdb');
  const after = await contents(directory);
  expect(Object.fromEntries(Object.keys(before).map((file) => [file, after[file]]))).toEqual(before);
}

const corruptions: [string, (directory: string) => Promise<void>, RegExp][] = [
  [
    'a control file of garbage',
    (d) => writeFile(join(d, 'global/pg_control'), randomBytes(8192)),
    /is damaged and cannot be opened\. Postgres said: .*PG_CONTROL_VERSION.*Restore it from a backup, or move it aside/,
  ],
  [
    'a truncated control file',
    (d) => writeFile(join(d, 'global/pg_control'), 'xx'),
    /is damaged .*PANIC: could not read file "global\/pg_control"/,
  ],
  [
    'write-ahead log of garbage',
    async (d) => {
      for (const file of await readdir(join(d, 'pg_wal'))) {
        if (/^[0-9A-F]{24}$/.test(file)) await writeFile(join(d, 'pg_wal', file), randomBytes(1 << 20));
      }
    },
    /is damaged .*could not locate a valid checkpoint record/,
  ],
  [
    'files of an older Postgres',
    (d) => writeFile(join(d, 'PG_VERSION'), '17\n'),
    /written by an incompatible Postgres or PGlite version \(its PG_VERSION says "17"\).*initialized by PostgreSQL version 17.*Run the Gatehouse version that wrote it/,
  ],
];

describe('EmbeddedDatabase.open on a directory that does not hold a usable database', () => {
  let scratch: Awaited<ReturnType<typeof temporaryDirectory>>;
  let template: string;
  let copies = 0;

  /** A fresh copy of a database that opens, to damage. */
  async function copyOfTemplate(): Promise<string> {
    const copy = join(scratch.path, `copy-${(copies += 1)}`);
    await cp(template, copy, { recursive: true });
    return copy;
  }

  beforeAll(async () => {
    scratch = await temporaryDirectory();
    template = join(scratch.path, 'template');
    await mkdir(template);
    const database = await EmbeddedDatabase.open(template); // an empty directory is initialised
    await database.query('CREATE TABLE kept (n integer)');
    await database.close();
  });

  afterAll(() => scratch?.remove());

  it('opens an intact copy, so that each refusal below is down to the damage alone', async () => {
    const database = await EmbeddedDatabase.open(await copyOfTemplate());
    expect(await database.query('SELECT count(*)::int AS n FROM kept')).toEqual([{ n: 0 }]);
    await database.close();
  });

  it.each(corruptions)(
    'refuses %s, saying what to do, and leaves the files as they were',
    async (_, damage, expected) => {
      const copy = await copyOfTemplate();
      await damage(copy);
      await expectRefusal(copy, expected);
    },
  );

  it('refuses a directory holding files but no database, and does not initialise over them', async () => {
    const directory = join(scratch.path, 'unrelated');
    await mkdir(join(directory, 'photos'), { recursive: true });
    await writeFile(join(directory, 'notes.txt'), 'mine');
    await expectRefusal(
      directory,
      /holds files but no database \(it has no PG_VERSION file\); nothing in it was changed/,
    );
    expect(await readdir(directory)).toEqual(['notes.txt', 'photos']);
  });

  it('refuses a path that is a file', async () => {
    const file = join(scratch.path, 'a-file');
    await writeFile(file, 'not a directory');
    const failure = EmbeddedDatabase.open(file);
    await expect(failure).rejects.toThrow(DatabaseStartupError);
    await expect(failure).rejects.toThrow(
      `Cannot use ${file} as the database directory: it is a file, not a directory.`,
    );
    await rm(file);
  });
});
