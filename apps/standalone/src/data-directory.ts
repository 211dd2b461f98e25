import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
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

  /** Lets another process use the directory; only removes a pid file that is still this process's. */
  release(): void {
    const lock = join(this.path, LOCK);
    if (pidIn(lock) === process.pid) unlinkSync(lock);
  }

  private lock(): void {
    const lock = join(this.path, LOCK);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(lock, 'wx');
        writeFileSync(fd, `${process.pid}\n`);
        closeSync(fd);
        process.once('exit', () => this.release());
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = pidIn(lock);
      if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
        throw new DataDirectoryError(
          `another Gatehouse (pid ${holder}) is using the data directory ${this.path}. One process per data ` +
            'directory: to run several replicas, give them DATABASE_URL, REDIS_URL and KAFKA_BROKERS ' +
            `(docs/deployment.md). If no Gatehouse runs as pid ${holder}, delete ${lock}.`,
        );
      }
      unlinkSync(lock); // left by a process that is gone
    }
    throw new DataDirectoryError(`could not take ${lock}: another process keeps creating it`);
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

function pidIn(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
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
