import { serialize } from 'pg-protocol';
import { PgliteStream } from './pglite-stream';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A ReadyForQuery message with the given transaction status. */
function readyForQuery(status: 'I' | 'T' | 'E'): Buffer {
  return Buffer.from([0x5a, 0, 0, 0, 5, status.charCodeAt(0)]);
}

/** CommandComplete, so a reply holds more than one message. */
function commandComplete(tag: string): Buffer {
  const text = Buffer.from(`${tag}\0`);
  const header = Buffer.alloc(5);
  header[0] = 0x43;
  header.writeInt32BE(4 + text.length, 1);
  return Buffer.concat([header, text]);
}

class RecordingThread {
  readonly sent: Buffer[] = [];
  readonly replies: ((answer: Uint8Array) => void)[] = [];
  failWith: Error | undefined;

  exec(bytes: Uint8Array): Promise<Uint8Array> {
    this.sent.push(Buffer.from(bytes));
    if (this.failWith) return Promise.reject(this.failWith);
    return new Promise((resolve) => this.replies.push(resolve));
  }
}

function read(stream: PgliteStream): Buffer[] {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return chunks;
}

describe('PgliteStream', () => {
  it('sends the messages of one turn together, and hands the reply to the reader', async () => {
    const thread = new RecordingThread();
    const stream = new PgliteStream(thread);
    const chunks = read(stream);
    const statement = [
      serialize.parse({ text: 'select 1' }),
      serialize.bind({}),
      serialize.execute({}),
      serialize.sync(),
    ];
    for (const message of statement) stream.write(message);
    await tick();
    expect(thread.sent).toEqual([Buffer.concat(statement)]);
    const answer = Buffer.concat([commandComplete('SELECT 1'), readyForQuery('I')]);
    thread.replies[0](answer);
    await tick();
    expect(Buffer.concat(chunks)).toEqual(answer);
  });

  it('keeps replies in the order the statements were sent', async () => {
    const thread = new RecordingThread();
    const stream = new PgliteStream(thread);
    const chunks = read(stream);
    stream.write(serialize.query('select 1'));
    await tick();
    stream.write(serialize.query('select 2'));
    await tick();
    thread.replies[1](commandComplete('SECOND'));
    thread.replies[0](commandComplete('FIRST'));
    await tick();
    expect(Buffer.concat(chunks)).toEqual(Buffer.concat([commandComplete('FIRST'), commandComplete('SECOND')]));
  });

  it('follows the transaction status of the last ReadyForQuery', async () => {
    const thread = new RecordingThread();
    const stream = new PgliteStream(thread);
    read(stream);
    expect(stream.inTransaction).toBe(false);
    for (const [status, inside] of [
      ['T', true],
      ['E', true],
      ['I', false],
    ] as const) {
      stream.write(serialize.query('…'));
      await tick();
      thread.replies.at(-1)!(Buffer.concat([commandComplete('X'), readyForQuery(status)]));
      await tick();
      expect(stream.inTransaction).toBe(inside);
    }
  });

  it('keeps Terminate from the thread, and ends the reading side after the replies still due', async () => {
    const thread = new RecordingThread();
    const stream = new PgliteStream(thread);
    const chunks = read(stream);
    let ended = false;
    stream.on('end', () => (ended = true));
    stream.write(serialize.query('select 1'));
    await tick();
    stream.end(serialize.end());
    await tick();
    expect(thread.sent).toEqual([serialize.query('select 1')]);
    expect(ended).toBe(false);
    thread.replies[0](readyForQuery('I'));
    await tick();
    expect(Buffer.concat(chunks)).toEqual(readyForQuery('I'));
    expect(ended).toBe(true);
  });

  it('fails the stream with the thread’s error, as a broken socket does', async () => {
    const thread = new RecordingThread();
    thread.failWith = new Error('The embedded database thread stopped (exit code 1)');
    const stream = new PgliteStream(thread);
    const failure = new Promise<Error>((resolve) => stream.on('error', resolve));
    stream.write(serialize.query('select 1'));
    expect((await failure).message).toBe('The embedded database thread stopped (exit code 1)');
  });
});
