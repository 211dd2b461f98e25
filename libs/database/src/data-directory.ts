import { isCode } from '@gatehouse/runtime';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseStartupError } from './database-startup-error';

/** `fresh`: nothing there yet, so PGlite initialises it; `existing`: it holds a database to open. */
export type DirectoryState = 'fresh' | 'existing';

/** Postgres writes this file first into every data directory it creates. */
const VERSION_FILE = 'PG_VERSION';

/**
 * Creates a missing directory, and refuses one that holds files but no database: PGlite would run
 * initdb over them.
 */
export async function prepareDataDirectory(directory: string): Promise<DirectoryState> {
  let entries: string[];
  try {
    entries = await readdir(directory);
  } catch (error) {
    if (isCode(error, 'ENOENT')) {
      await mkdir(directory, { recursive: true });
      return 'fresh';
    }
    const reason = isCode(error, 'ENOTDIR') ? 'it is a file, not a directory' : String(error);
    throw new DatabaseStartupError(directory, `Cannot use ${directory} as the database directory: ${reason}.`, {
      cause: error,
    });
  }
  if (entries.length === 0) return 'fresh';
  if (entries.includes(VERSION_FILE)) return 'existing';
  throw new DatabaseStartupError(
    directory,
    `The database directory ${directory} holds files but no database (it has no ${VERSION_FILE} file); nothing in it ` +
      `was changed. Point Gatehouse at an empty or missing directory, or restore the database into it from a backup.`,
  );
}

/**
 * Postgres' own FATAL, PANIC and DETAIL lines, without their timestamp and process id. Not its
 * HINT: for a damaged directory that is "you need to initdb", which would wipe it.
 */
export function postgresReasons(stderr: readonly string[], directory: string): string[] {
  return stderr
    .map((line) => /\b(FATAL|PANIC|DETAIL):\s+(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => `${match[1]}: ${match[2].replaceAll('/pglite/data', directory)}`);
}

async function versionOf(directory: string): Promise<string | undefined> {
  try {
    return (await readFile(join(directory, VERSION_FILE), 'utf8')).trim();
  } catch {
    return undefined;
  }
}

/** Why the directory did not open, in words that say what to do; never a reason to re-initialise. */
export async function openFailure(
  directory: string,
  state: DirectoryState,
  reasons: readonly string[],
  cause: unknown,
): Promise<DatabaseStartupError> {
  const said = reasons.length > 0 ? `Postgres said: ${reasons.join(' ')}` : `(${String(cause)})`;
  if (state === 'fresh') {
    return new DatabaseStartupError(directory, `Could not create a new database in ${directory}. ${said}`, { cause });
  }
  const version = await versionOf(directory);
  // Postgres names the version that wrote the files; anything else unreadable is damage.
  const incompatible = reasons.some((reason) => /initialized by PostgreSQL version|CATALOG_VERSION_NO/.test(reason));
  const [what, advice] = incompatible
    ? [
        `was written by an incompatible Postgres or PGlite version (its ${VERSION_FILE} says ${JSON.stringify(version)})`,
        `Run the Gatehouse version that wrote it, or restore a backup, or move it aside to start with an empty database.`,
      ]
    : ['is damaged', 'Restore it from a backup, or move it aside to start with an empty database.'];
  return new DatabaseStartupError(
    directory,
    `The database in ${directory} ${what} and cannot be opened. ${said} It was left as it is. ${advice}`,
    { cause },
  );
}
