import { readFile, unlink, writeFile } from 'node:fs/promises';
import { JournalLayout } from './journal-layout';

/**
 * One process at a time appends to a journal: two would interleave their segment sizes and corrupt
 * every position. A lock left by a process that died (kill -9) is taken over.
 */
export class JournalLock {
  private constructor(private readonly file: string) {}

  static async acquire(layout: JournalLayout): Promise<JournalLock> {
    const file = layout.lockFile;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await writeFile(file, `${process.pid}\n`, { flag: 'wx' });
        return new JournalLock(file);
      } catch (error) {
        if (!isCode(error, 'EEXIST')) throw error;
      }
      const holder = await lockHolder(file);
      if (holder !== undefined && isAlive(holder)) {
        throw new Error(
          `event journal: ${layout.root} is in use by process ${holder} (see ${file}); ` +
            'only one process may use a journal directory at a time',
        );
      }
      await unlink(file).catch((error: unknown) => {
        if (!isCode(error, 'ENOENT')) throw error;
      });
    }
    throw new Error(`event journal: could not take the lock ${file}; another process is starting on it`);
  }

  async release(): Promise<void> {
    if ((await lockHolder(this.file)) === process.pid) await unlink(this.file);
  }
}

async function lockHolder(file: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(await readFile(file, 'utf8'), 10);
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
    return isCode(error, 'EPERM');
  }
}

/** By shape, not `instanceof`: errors from another realm (a VM context, a worker) are errors too. */
export function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}
