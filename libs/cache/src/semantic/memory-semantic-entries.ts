import { LocalEntries } from './local-entries';
import { SemanticEntries, SemanticMatch } from './semantic-entries';

export interface MemorySemanticEntriesOptions {
  /** The most entries held; past it the oldest are evicted. */
  maxEntries: number;
  now?: () => number;
}

/** Semantic cache entries in this process alone: the values sit beside its vector index. */
export class MemorySemanticEntries extends SemanticEntries {
  private readonly local: LocalEntries<Buffer>;
  private readonly now: () => number;
  // Ids need only be unique within the process.
  private nextId = 0;

  constructor({ maxEntries, now = Date.now }: MemorySemanticEntriesOptions) {
    super();
    this.local = new LocalEntries(maxEntries, now);
    this.now = now;
  }

  get size(): number {
    return this.local.size;
  }

  nearest(namespace: string, vector: Float32Array): SemanticMatch | undefined {
    return this.local.nearest(namespace, vector);
  }

  value(match: SemanticMatch): Promise<Buffer | undefined> {
    return Promise.resolve(this.local.payload(match.id));
  }

  store(namespace: string, vector: Float32Array, value: Buffer, ttlMs: number): Promise<void> {
    this.local.add(String(this.nextId++), namespace, vector, this.now() + ttlMs, value);
    return Promise.resolve();
  }
}
