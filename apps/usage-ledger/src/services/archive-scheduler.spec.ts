import { ArchiveStore } from '@gatehouse/archive';
import { Logger } from '@gatehouse/logging';
import { DatabaseConnector } from '@gatehouse/runtime';
import { archiveSettings } from '../config/archive-settings';
import { ArchiveScheduler } from './archive-scheduler';
import { ArchiveRun, UsageArchiver } from './usage-archiver.service';

const run = (more: boolean): ArchiveRun => ({ keys: ['k'], rows: 1, more });

/** An archiver whose runs each wait for the test to settle them. */
class ManualArchiver {
  readonly pending: { resolve: (run: ArchiveRun) => void; reject: (error: Error) => void }[] = [];

  runOnce(): Promise<ArchiveRun> {
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }

  /** Settles the oldest run, once it has been asked for. */
  async next(settle: (run: (typeof this.pending)[number]) => void): Promise<void> {
    for (let i = 0; i < 100 && this.pending.length === 0; i++) await Promise.resolve();
    const call = this.pending.shift();
    if (!call) throw new Error('the scheduler did not start a run');
    settle(call);
  }
}

function scheduler(archiver: ManualArchiver, connected: Promise<void> = Promise.resolve()) {
  const errors: string[] = [];
  const logger = {
    info: () => undefined,
    debug: () => undefined,
    error: (_fields: unknown, message: string) => errors.push(message),
  } as unknown as Logger;
  const store = { describe: () => 'directory /tmp/archive' } as ArchiveStore;
  const instance = new ArchiveScheduler(
    archiver as unknown as UsageArchiver,
    { connected } as DatabaseConnector,
    store,
    archiveSettings({ intervalSeconds: 3600 }),
    logger,
  );
  return { instance, errors };
}

const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe('ArchiveScheduler', () => {
  it('waits for the database, then runs back to back while batches come back full', async () => {
    const archiver = new ManualArchiver();
    let connect!: () => void;
    const { instance } = scheduler(archiver, new Promise<void>((resolve) => (connect = resolve)));
    instance.onApplicationBootstrap();
    await flush();
    expect(archiver.pending).toHaveLength(0);

    connect();
    await archiver.next((call) => call.resolve(run(true)));
    await archiver.next((call) => call.resolve(run(false)));
    await flush();
    expect(archiver.pending).toHaveLength(0);
    await instance.beforeApplicationShutdown();
  });

  it('logs a failed run and leaves the retry to the next interval', async () => {
    const archiver = new ManualArchiver();
    const { instance, errors } = scheduler(archiver);
    instance.onApplicationBootstrap();
    await archiver.next((call) => call.reject(new Error('S3 is down')));
    await flush();
    expect(errors).toEqual(['usage archive failed; retrying']);
    expect(archiver.pending).toHaveLength(0);
    await instance.beforeApplicationShutdown();
  });

  it('on shutdown waits for the run in flight and starts no other', async () => {
    const archiver = new ManualArchiver();
    const { instance } = scheduler(archiver);
    instance.onApplicationBootstrap();
    await flush();
    expect(archiver.pending).toHaveLength(1);

    let stopped = false;
    const stopping = instance.beforeApplicationShutdown().then(() => (stopped = true));
    await flush();
    expect(stopped).toBe(false);
    // A full batch would normally be followed by another run at once.
    await archiver.next((call) => call.resolve(run(true)));
    await stopping;
    expect(stopped).toBe(true);
    expect(archiver.pending).toHaveLength(0);
  });
});
