import { Worker } from 'node:worker_threads';
import { extname, join } from 'node:path';
import { FromWorker, WorkerSettings } from './pglite-messages';

/** PGlite did not open; `stderr` holds what Postgres said while trying. */
export class PgliteStartFailure extends Error {
  constructor(
    message: string,
    readonly stderr: readonly string[],
  ) {
    super(message);
  }
}

interface Waiting {
  resolve(bytes?: Uint8Array): void;
  reject(error: Error): void;
}

/**
 * PGlite on a worker thread, spoken to in Postgres' wire protocol: each `exec` sends messages and
 * resolves with everything Postgres answered to them. Requests are answered in the order sent.
 */
export class PgliteThread {
  private readonly waiting: Waiting[] = [];
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error) => this.fail(new Error(`The embedded database thread failed: ${String(error)}`)));
    worker.on('exit', (code) => this.fail(new Error(`The embedded database thread stopped (exit code ${code})`)));
  }

  /** Resolves once Postgres is up; rejects with a `PgliteStartFailure` when it did not start. */
  static start(settings: WorkerSettings): Promise<PgliteThread> {
    // The same extension as this file: compiled JavaScript, or TypeScript that Node strips under Jest.
    const worker = new Worker(join(__dirname, `pglite-worker${extname(__filename)}`), { workerData: settings });
    return new Promise((resolve, reject) => {
      const settle = (outcome: () => void): void => {
        worker.off('error', onError).off('exit', onExit).off('message', onMessage);
        outcome();
      };
      const onError = (error: Error): void => settle(() => reject(new PgliteStartFailure(error.message, [])));
      const onExit = (code: number): void =>
        settle(() => reject(new PgliteStartFailure(`the database thread stopped (exit code ${code}) first`, [])));
      const onMessage = (message: FromWorker): void =>
        settle(() => {
          if (message.kind === 'ready') return resolve(new PgliteThread(worker));
          void worker.terminate();
          const problem = message.kind === 'failed' ? message.message : `it said ${message.kind} before it was ready`;
          reject(new PgliteStartFailure(problem, message.kind === 'failed' ? message.stderr : []));
        });
      worker.on('error', onError).on('exit', onExit).on('message', onMessage);
    });
  }

  exec(bytes: Uint8Array): Promise<Uint8Array> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new Error('The embedded database is closed'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve: (reply) => resolve(reply!), reject });
      this.worker.postMessage({ kind: 'exec', bytes });
    });
  }

  /** Shuts Postgres down cleanly (a checkpoint) after what was sent before; the thread then ends. */
  close(): Promise<void> {
    this.closing ??= this.failure
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          this.waiting.push({ resolve: () => resolve(), reject });
          this.worker.postMessage({ kind: 'close' });
        });
    return this.closing;
  }

  private receive(message: FromWorker): void {
    const waiting = this.waiting.shift();
    if (message.kind === 'reply') waiting?.resolve(message.bytes);
    else if (message.kind === 'closed') waiting?.resolve();
    else if (message.kind === 'error') waiting?.reject(new Error(`The embedded database failed: ${message.message}`));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.waiting.splice(0)) waiting.reject(this.failure);
  }
}
