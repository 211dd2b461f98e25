import { ResponseCacheStore } from './response-cache-store';

export interface MemoryResponseCacheOptions {
  /** Bound on the stored values' total size; least recently used entries are evicted past it. */
  maxBytes: number;
  now?: () => number;
}

interface Entry {
  value: Buffer;
  expiresAt: number;
}

/**
 * The response cache in process, for one replica. A Map keeps insertion order, so re-inserting on
 * each hit makes its first entry the least recently used. Expiry is checked on read (no timers);
 * an expired entry nobody reads leaves when the byte bound evicts it.
 */
export class MemoryResponseCache extends ResponseCacheStore {
  private readonly entries = new Map<string, Entry>();
  private readonly maxBytes: number;
  private readonly now: () => number;
  private bytes = 0;

  constructor({ maxBytes, now = Date.now }: MemoryResponseCacheOptions) {
    super();
    this.maxBytes = maxBytes;
    this.now = now;
  }

  /** The stored buffer itself, not a copy: callers must not modify it. */
  get(key: string): Promise<Buffer | undefined> {
    const entry = this.entries.get(key);
    if (entry === undefined) return Promise.resolve(undefined);
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) {
      this.bytes -= entry.value.byteLength;
      return Promise.resolve(undefined);
    }
    this.entries.set(key, entry);
    return Promise.resolve(entry.value);
  }

  /** A value larger than the whole bound is not stored (and what the key held is dropped). */
  set(key: string, value: Buffer, ttlMs: number): Promise<void> {
    this.remove(key);
    if (value.byteLength > this.maxBytes) return Promise.resolve();
    this.entries.set(key, { value: ownMemory(value), expiresAt: this.now() + ttlMs });
    this.bytes += value.byteLength;
    this.evictPastBound();
    return Promise.resolve();
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.bytes -= entry.value.byteLength;
  }

  private evictPastBound(): void {
    for (const [key, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) return;
      this.entries.delete(key);
      this.bytes -= entry.value.byteLength;
    }
  }
}

/**
 * Small Buffers are often slices of Node's shared 8 KiB pool, and keeping one would pin the whole
 * slab outside the byte count; such a value is copied to memory of its own exact size.
 */
function ownMemory(value: Buffer): Buffer {
  if (value.byteLength === value.buffer.byteLength) return value;
  const copy = Buffer.allocUnsafeSlow(value.byteLength);
  value.copy(copy);
  return copy;
}
