import type { Closable } from '@gatehouse/runtime';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { LocalEntries } from './local-entries';
import { SemanticEntries, SemanticMatch } from './semantic-entries';
import { fromStreamFields, toStreamFields } from './stream-entry';

export interface RedisSemanticEntriesOptions {
  /** Serves stores and value reads; the stream is followed on a duplicate of it. Not closed here. */
  redis: Redis;
  keyPrefix: string;
  /** The bound on the shared stream (approximate) and on each replica's index, the oldest first out. */
  maxEntries: number;
  /** Told of each failure (Redis, or a stream entry that could not be indexed); the cache goes on. */
  onError: (error: Error) => void;
  now?: () => number;
}

/** Stream messages per read, on replay and while following. */
const PAGE = 500;
// A blocked read ends at close() (its connection is dropped), so this only bounds an idle read.
const BLOCK_MS = 10_000;
const RETRY_MS = 1_000;

/**
 * Semantic cache entries shared by every replica through Redis, which has no vector search of its
 * own: a store adds the entry (vector, namespace, expiry) to the stream `<prefix>semantic` and its
 * value under `<prefix>semantic:<id>` with Redis' TTL; every replica follows the stream into its own
 * vector index, so a lookup is a local query plus one GET of the winner's value (absent = expired).
 */
export class RedisSemanticEntries extends SemanticEntries implements Closable {
  private readonly local: LocalEntries<string>;
  private readonly reader: Redis;
  private readonly stream: string;
  private readonly now: () => number;
  private readonly stopped = new AbortController();
  private lastId = '0-0';
  private following: Promise<void> | undefined;

  constructor(private readonly options: RedisSemanticEntriesOptions) {
    super();
    this.now = options.now ?? Date.now;
    this.local = new LocalEntries(options.maxEntries, this.now);
    this.stream = `${options.keyPrefix}semantic`;
    // Blocking reads need a connection of their own, with no command timeout shorter than the block.
    // No offline queue and no retry per request: ioredis settles neither a queued command nor one
    // held for resending if it is disconnected while reconnecting, and close() would wait forever.
    this.reader = options.redis.duplicate({
      commandTimeout: undefined,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      lazyConnect: true,
    });
    this.reader.on('error', () => undefined); // failures reach onError through the reads
  }

  get size(): number {
    return this.local.size;
  }

  /**
   * Replays the stream into this replica's index, so it holds every live entry, then follows it in
   * the background until `close()`. A replay cut short by Redis is reported and resumed by following.
   */
  async start(): Promise<void> {
    try {
      await this.reader.connect();
      let read = PAGE;
      while (read === PAGE && !this.stopped.signal.aborted) read = await this.read();
    } catch (error) {
      if (!this.stopped.signal.aborted) this.report('replay the stream', error);
    }
    this.following = this.follow();
  }

  async close(): Promise<void> {
    this.stopped.abort();
    this.reader.disconnect();
    await this.following;
  }

  nearest(namespace: string, vector: Float32Array): SemanticMatch | undefined {
    return this.local.nearest(namespace, vector);
  }

  async value(match: SemanticMatch): Promise<Buffer | undefined> {
    const key = this.local.payload(match.id);
    if (key === undefined) return undefined;
    try {
      const value = await this.options.redis.getBuffer(key);
      // Redis expired (or evicted) the value: the entry is gone for every replica.
      if (value === null) this.local.remove(match.id);
      return value ?? undefined;
    } catch (error) {
      this.report('read a value', error);
      return undefined;
    }
  }

  /** Writes the entry; it reaches this replica's index, like every other's, through the stream. */
  async store(namespace: string, vector: Float32Array, value: Buffer, ttlMs: number): Promise<void> {
    this.local.assertFits(namespace, vector);
    const id = randomUUID();
    const fields = toStreamFields({ id, namespace, expiresAt: this.now() + ttlMs, vector });
    try {
      const results = await this.options.redis
        .multi()
        .set(this.valueKey(id), value, 'PX', Math.ceil(ttlMs))
        .xadd(this.stream, 'MAXLEN', '~', this.options.maxEntries, '*', ...fields)
        .exec();
      const failed = results?.find(([error]) => error !== null)?.[0];
      if (failed) throw failed;
    } catch (error) {
      this.report('store an entry', error);
    }
  }

  private async follow(): Promise<void> {
    while (!this.stopped.signal.aborted) {
      try {
        await this.read(BLOCK_MS);
      } catch (error) {
        if (this.stopped.signal.aborted) return;
        this.report('follow the stream', error);
        await sleep(RETRY_MS, undefined, { signal: this.stopped.signal }).catch(() => undefined);
      }
    }
  }

  /** Indexes the next page of the stream after `lastId`; the number of messages read. */
  private async read(blockMs?: number): Promise<number> {
    const reply =
      blockMs === undefined
        ? await this.reader.xreadBuffer('COUNT', PAGE, 'STREAMS', this.stream, this.lastId)
        : await this.reader.xreadBuffer('COUNT', PAGE, 'BLOCK', blockMs, 'STREAMS', this.stream, this.lastId);
    const messages = reply?.[0]?.[1] ?? [];
    for (const [messageId, fields] of messages) {
      this.lastId = messageId.toString();
      this.index(this.lastId, fields);
      // Indexing an entry takes about a millisecond at 1536 dimensions: requests go between them.
      await nextTurn();
    }
    return messages.length;
  }

  private index(messageId: string, fields: Buffer[]): void {
    const entry = fromStreamFields(fields);
    if (entry === undefined) {
      this.options.onError(new Error(`semantic cache: stream message ${messageId} is malformed; skipped`));
      return;
    }
    try {
      this.local.add(entry.id, entry.namespace, entry.vector, entry.expiresAt, this.valueKey(entry.id));
    } catch (error) {
      this.report(`index stream message ${messageId}`, error);
    }
  }

  private valueKey(id: string): string {
    return `${this.options.keyPrefix}semantic:${id}`;
  }

  private report(operation: string, cause: unknown): void {
    const reason = cause instanceof Error ? cause.message : String(cause);
    this.options.onError(new Error(`semantic cache: could not ${operation}: ${reason}`, { cause }));
  }
}
