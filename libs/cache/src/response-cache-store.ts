/** The store could not answer (refused, timed out, not connected); callers treat it as a miss. */
export class ResponseCacheUnavailable extends Error {
  constructor(operation: string, cause: unknown) {
    super(`response cache: ${operation} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ResponseCacheUnavailable';
  }
}

/**
 * Where exact-match cached answers live, by key from `responseCacheKey`: in process
 * (`MemoryResponseCache`) or in Redis shared by every replica (`RedisResponseCache`). A store that
 * cannot answer rejects with `ResponseCacheUnavailable`; a cache outage must never fail a request.
 */
export abstract class ResponseCacheStore {
  /** The stored bytes, or undefined when the key is absent or its TTL has passed. */
  abstract get(key: string): Promise<Buffer | undefined>;

  /** Stores `value` under `key` for `ttlMs` (> 0) milliseconds, replacing what was there. */
  abstract set(key: string, value: Buffer, ttlMs: number): Promise<void>;
}
