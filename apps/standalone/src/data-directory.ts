import { PidLock, PidLockHeld } from '@gatehouse/runtime';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The layout this build writes; a directory with a higher number was written by a newer Gatehouse. */
const FORMAT = 1;
const MARKER = 'gatehouse-data.json';
const LOCK = 'gatehouse.pid';

/** A data directory that cannot be used as it is; the message names it and says what to do. */
export class DataDirectoryError extends Error {
  override name = 'DataDirectoryError';
}

/**
 * Where the standalone composition keeps its embedded backends. One process at a time: the pid
 * file is taken before anything is read, and one left by a process that died (even by kill -9) is
 * taken over. A directory this build cannot read stops start-up; it is never reset.
 */
export class DataDirectory {
  private pidLock: PidLock | undefined;

  private constructor(readonly path: string) {}

  static open(path: string): DataDirectory {
    const directory = new DataDirectory(resolve(path));
    mkdirSync(directory.path, { recursive: true });
    directory.lock();
    try {
      directory.checkFormat();
    } catch (error) {
      directory.release();
      throw error;
    }
    return directory;
  }

  /** A folder inside the directory, created when missing. */
  folder(name: string): string {
    const path = join(this.path, name);
    mkdirSync(path, { recursive: true });
    return path;
  }

  /** Lets another process use the directory. */
  release(): void {
    this.pidLock?.release();
    this.pidLock = undefined;
  }

  private lock(): void {
    try {
      this.pidLock = PidLock.acquire(join(this.path, LOCK));
    } catch (error) {
      if (!(error instanceof PidLockHeld)) throw error;
      throw new DataDirectoryError(
        `another Gatehouse (pid ${error.holder}) is using the data directory ${this.path}. One process per data ` +
          'directory: to run several replicas, give them DATABASE_URL, REDIS_URL and KAFKA_BROKERS ' +
          `(docs/deployment.md). If no Gatehouse runs as pid ${error.holder}, delete ${error.file}.`,
        { cause: error },
      );
    }
    process.once('exit', () => this.release());
  }

  private checkFormat(): void {
    const marker = join(this.path, MARKER);
    if (!existsSync(marker)) {
      const others = readdirSync(this.path).filter((name) => name !== LOCK);
      if (others.length > 0)
        throw new DataDirectoryError(
          `${this.path} holds files (${others.slice(0, 3).join(', ')}) but is not a Gatehouse data directory ` +
            `(no ${MARKER}): set GATEHOUSE_DATA_DIR to an empty directory or to one Gatehouse created.`,
        );
      writeFileSync(marker, `${JSON.stringify({ format: FORMAT, created_at: new Date().toISOString() })}\n`);
      return;
    }
    const format = formatIn(marker);
    if (format === undefined)
      throw new DataDirectoryError(
        `${marker} is unreadable, so the data directory ${this.path} may be damaged: restore it from a backup, ` +
          'or move it aside to start with empty data.',
      );
    if (format > FORMAT)
      throw new DataDirectoryError(
        `the data directory ${this.path} was written by a newer Gatehouse (data format ${format}; this version ` +
          `reads format ${FORMAT}): run that version or a newer one, or restore a backup made by this one.`,
      );
  }
}

function formatIn(path: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    const format = (parsed as { format?: unknown } | null)?.format;
    return typeof format === 'number' && Number.isInteger(format) && format > 0 ? format : undefined;
  } catch {
    return undefined;
  }
}
