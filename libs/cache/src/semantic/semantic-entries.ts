/** The nearest live entry of a namespace to a query vector, as this process's index sees it. */
export interface SemanticMatch {
  readonly id: string;
  /** Cosine similarity to the query, in [-1, 1]. */
  readonly similarity: number;
}

/**
 * Where semantic cache entries live: in process (`MemorySemanticEntries`) or shared by every
 * replica through Redis (`RedisSemanticEntries`). Finding the nearest entry is local and
 * synchronous; reading its value may be remote, so a caller reads it only for a match it will use.
 * A backend failure is a miss or a dropped store, never an error on the request path.
 */
export abstract class SemanticEntries {
  /** Throws when `namespace` holds vectors of another length than `vector`'s. */
  abstract nearest(namespace: string, vector: Float32Array): SemanticMatch | undefined;

  /** The value stored with `match`, or undefined when it has expired or cannot be read. */
  abstract value(match: SemanticMatch): Promise<Buffer | undefined>;

  /** Stores `value` under `vector` in `namespace` for `ttlMs` (> 0) milliseconds. */
  abstract store(namespace: string, vector: Float32Array, value: Buffer, ttlMs: number): Promise<void>;
}
