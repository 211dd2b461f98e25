import { Duplex } from 'node:stream';
import type { PgliteThread } from './pglite-thread';

const TERMINATE = 0x58;
const READY_FOR_QUERY = 0x5a;

/**
 * What pg's `Client` takes for a socket: the messages it writes go to PGlite's thread, what
 * Postgres answers is read back, so pg's own protocol code serialises and parses as for a server.
 * Messages written in one turn of the event loop (a statement's parse, bind, execute, sync) travel
 * together.
 */
export class PgliteStream extends Duplex {
  private outgoing: Buffer[] = [];
  private replies: Promise<void> = Promise.resolve();
  private status = 'I';

  constructor(private readonly thread: Pick<PgliteThread, 'exec'>) {
    super();
  }

  /** From the last ReadyForQuery: inside a transaction block, or a failed one. */
  get inTransaction(): boolean {
    return this.status !== 'I';
  }

  // The socket calls pg's Connection makes; there is no network to tune.
  connect(): this {
    process.nextTick(() => this.emit('connect'));
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    // Terminate ends a server's session; the thread outlives this client and is closed on its own.
    const terminate = chunk.length === 5 && chunk[0] === TERMINATE;
    if (!terminate && this.outgoing.push(chunk) === 1) queueMicrotask(() => this.send());
    callback();
  }

  override _read(): void {}

  /** The end of what pg writes: once every reply is in, the reading side ends too, as a closed socket's. */
  override _final(callback: (error?: Error | null) => void): void {
    void this.replies.then(() => {
      this.push(null);
      callback();
    });
  }

  private send(): void {
    const bytes = this.outgoing.length === 1 ? this.outgoing[0] : Buffer.concat(this.outgoing);
    this.outgoing = [];
    const reply = this.thread.exec(bytes);
    this.replies = this.replies.then(() =>
      reply.then(
        (answer) => {
          this.track(answer);
          this.push(Buffer.from(answer.buffer, answer.byteOffset, answer.byteLength));
        },
        (error: Error) => {
          this.destroy(error);
        },
      ),
    );
  }

  private track(answer: Uint8Array): void {
    const view = new DataView(answer.buffer, answer.byteOffset, answer.byteLength);
    for (let at = 0; at + 5 <= answer.byteLength; at += 1 + view.getInt32(at + 1)) {
      if (answer[at] === READY_FOR_QUERY) this.status = String.fromCharCode(answer[at + 5]);
    }
  }
}
