import { SemanticEntries } from './semantic-entries';

export interface SemanticHit {
  value: Buffer;
  /** Cosine similarity of the stored prompt's embedding to the query's, in [-1, 1]. */
  similarity: number;
}

/**
 * The semantic response cache: answers a prompt from the stored answer of the most similar prompt
 * in its namespace when their embeddings' similarity reaches the threshold. A namespace must name
 * the embedding deployment too: vectors of two models are not comparable, even of one length.
 */
export class SemanticCache {
  constructor(private readonly entries: SemanticEntries) {}

  /** The stored value nearest `vector` in `namespace` if its similarity is at least `threshold`. */
  async lookup(namespace: string, vector: Float32Array, threshold: number): Promise<SemanticHit | undefined> {
    const match = this.entries.nearest(namespace, vector);
    // The threshold is checked first, so a miss never waits on a remote read.
    if (match === undefined || match.similarity < threshold) return undefined;
    const value = await this.entries.value(match);
    return value === undefined ? undefined : { value, similarity: match.similarity };
  }

  async store(namespace: string, vector: Float32Array, value: Buffer, ttlMs: number): Promise<void> {
    if (!(ttlMs > 0)) throw new Error(`semantic cache: ttlMs must be positive, not ${ttlMs}`);
    await this.entries.store(namespace, vector, value, ttlMs);
  }
}
