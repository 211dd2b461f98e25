import { Client } from 'pg';
import { asError } from './as-error';
import { FifoLock } from './fifo-lock';
import { PgliteStream } from './pglite-stream';
import { PgliteThread } from './pglite-thread';

/** The session, held alone until `release`; release rolls back a transaction left open. */
export interface Lease {
  readonly client: Client;
  release(): Promise<void>;
}

type ErrorListener = (error: Error) => void;

/**
 * PGlite is a single Postgres session. Every user (each DataSource's pool, our own checks) leases
 * it whole, so a transaction opened by one never sees another's statements in between.
 *
 * The session speaks through pg's own `Client` over a stream to PGlite's thread, so parameters are
 * serialised and results parsed by the very code that talks to a Postgres server: same types,
 * `rowCount`, `command`, and arrays for multi-statement text.
 */
export class EmbeddedSession {
  private readonly lock = new FifoLock();
  private readonly errorListeners = new Set<ErrorListener>();
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly thread: PgliteThread,
    private readonly stream: PgliteStream,
    private readonly client: Client,
  ) {
    // Without a listener an 'error' event would crash the process; pools pass it to TypeORM.
    client.on('error', (error) => this.errorListeners.forEach((listener) => listener(error)));
  }

  static async start(thread: PgliteThread): Promise<EmbeddedSession> {
    const stream = new PgliteStream(thread);
    const client = new Client({ stream: () => stream, user: 'postgres', database: 'postgres' });
    await client.connect();
    return new EmbeddedSession(thread, stream, client);
  }

  /** Waits its turn (first come, first served) for the session. */
  async lease(): Promise<Lease> {
    if (this.closing) throw new Error('The embedded database is closed');
    const unlock = await this.lock.acquire();
    let released: Promise<void> | undefined;
    return {
      client: this.client,
      release: () => (released ??= this.rollBackLeftovers().finally(unlock)),
    };
  }

  async run<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const lease = await this.lease();
    try {
      return await work(lease.client);
    } finally {
      await lease.release();
    }
  }

  onError(listener: ErrorListener): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** Refuses new leases, waits for those already granted or queued, then shuts PGlite down. */
  close(): Promise<void> {
    this.closing ??= this.lock.acquire().then(async (unlock) => {
      try {
        await this.client.end();
        await this.thread.close();
      } finally {
        unlock();
      }
    });
    return this.closing;
  }

  /** A holder that let go mid-transaction must not hand its open transaction to the next one. */
  private async rollBackLeftovers(): Promise<void> {
    if (!this.stream.inTransaction) return;
    try {
      await this.client.query('ROLLBACK');
    } catch (error) {
      const failure = asError(error);
      this.errorListeners.forEach((listener) => listener(failure));
    }
  }
}
