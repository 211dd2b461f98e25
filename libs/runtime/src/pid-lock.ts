import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { isCode } from './error-code';

/**
 * The lock files this process holds. Its own pid in a file it does not hold was written by an
 * earlier process that had the same pid; in one it holds, it means a second user in this process.
 */
const held = new Set<string>();

/** The lock is held by another live process. */
export class PidLockHeld extends Error {
  override name = 'PidLockHeld';

  constructor(
    readonly file: string,
    readonly holder: number,
  ) {
    super(`${file} is held by process ${holder}`);
  }
}

/**
 * A file holding the pid of the one process using something. Created exclusively; one left by a
 * process that is gone (even after kill -9), or one with this process's own pid (a container
 * restarted on the same volume gets the same pid), is taken over.
 */
export class PidLock {
  private constructor(readonly file: string) {}

  static acquire(path: string): PidLock {
    const file = resolve(path);
    if (held.has(file)) throw new PidLockHeld(file, process.pid);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx');
        try {
          writeSync(fd, `${process.pid}\n`);
        } finally {
          closeSync(fd);
        }
        held.add(file);
        return new PidLock(file);
      } catch (error) {
        if (!isCode(error, 'EEXIST')) throw error;
      }
      const holder = pidIn(file);
      if (holder !== undefined && holder !== process.pid && isAlive(holder)) throw new PidLockHeld(file, holder);
      try {
        unlinkSync(file);
      } catch (error) {
        if (!isCode(error, 'ENOENT')) throw error;
      }
    }
    throw new Error(`could not take ${file}: another process keeps creating it`);
  }

  /** Only removes the file while it is still this process's. */
  release(): void {
    if (!held.delete(this.file)) return;
    if (pidIn(this.file) === process.pid) unlinkSync(this.file);
  }
}

function pidIn(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch (error) {
    if (isCode(error, 'ENOENT')) return undefined;
    throw error;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return isCode(error, 'EPERM');
  }
}
