import { PidLock, PidLockHeld } from '@gatehouse/runtime';
import { JournalLayout } from './journal-layout';

/**
 * One process at a time appends to a journal: two would interleave their segment sizes and corrupt
 * every position. A lock left by a process that died (kill -9) is taken over.
 */
export function acquireJournalLock(layout: JournalLayout): PidLock {
  try {
    return PidLock.acquire(layout.lockFile);
  } catch (error) {
    if (!(error instanceof PidLockHeld)) throw error;
    throw new Error(
      `event journal: ${layout.root} is in use by process ${error.holder} (see ${error.file}); ` +
        'only one process may use a journal directory at a time',
      { cause: error },
    );
  }
}
