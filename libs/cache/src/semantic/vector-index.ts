import { Index, MetricKind, ScalarKind } from 'usearch';

/** The stored vector nearest a query and its cosine similarity to it, in [-1, 1]. */
export interface Neighbour {
  id: string;
  similarity: number;
}

/**
 * HNSW settings (usearch's names). Half-precision storage halves the memory of 1536-dimension
 * embeddings and keeps cosine similarities within 1e-3 (8-bit integers were off by 0.015).
 * Connectivity and search width are usearch's defaults; the build width is half its default, which
 * cuts the time to add an entry (and so a replica's replay) by a third. `bench/src/semantic-index.ts`
 * gives the query times and recall at 100,000 entries.
 */
const QUANTIZATION = ScalarKind.F16;
const CONNECTIVITY = 16;
const EXPANSION_ADD = 64;
const EXPANSION_SEARCH = 64;
// One vector per call: a thread pool would cost more than the work it splits.
const THREADS = 1;

/**
 * An in-process approximate nearest-neighbour index (HNSW, cosine) of vectors of one fixed length,
 * by string id. Capacity grows as entries are added; a removed entry's slot is reused.
 */
export class VectorIndex {
  private readonly index: Index;
  private readonly keyOf = new Map<string, bigint>();
  private readonly idOf = new Map<bigint, string>();
  // usearch keys are integers; a fresh one per add, so a search never returns a reused key's old id.
  private nextKey = 0n;

  constructor(readonly dimensions: number) {
    if (!Number.isInteger(dimensions) || dimensions <= 0) {
      throw new Error(`vector index: dimensions must be a positive integer, not ${dimensions}`);
    }
    this.index = new Index({
      dimensions,
      metric: MetricKind.Cos,
      quantization: QUANTIZATION,
      connectivity: CONNECTIVITY,
      expansion_add: EXPANSION_ADD,
      expansion_search: EXPANSION_SEARCH,
      multi: false,
    });
  }

  get size(): number {
    return this.keyOf.size;
  }

  /** Adds `vector` under `id`, replacing what `id` held. */
  add(id: string, vector: Float32Array): void {
    this.check(vector);
    this.remove(id);
    const key = this.nextKey++;
    this.index.add(key, vector, THREADS);
    this.keyOf.set(id, key);
    this.idOf.set(key, id);
  }

  /** Removes `id`; false when it was not there. */
  remove(id: string): boolean {
    const key = this.keyOf.get(id);
    if (key === undefined) return false;
    this.index.remove(key);
    this.keyOf.delete(id);
    this.idOf.delete(key);
    return true;
  }

  /** The (approximately) nearest entry, or undefined when the index is empty. */
  nearest(vector: Float32Array): Neighbour | undefined {
    this.check(vector);
    if (this.keyOf.size === 0) return undefined;
    const { keys, distances } = this.index.search(vector, 1, THREADS);
    const id = keys.length > 0 ? this.idOf.get(keys[0]) : undefined;
    // The cosine metric's distance is 1 - similarity.
    return id === undefined ? undefined : { id, similarity: 1 - distances[0] };
  }

  private check(vector: Float32Array): void {
    if (vector.length !== this.dimensions) {
      throw new Error(`vector index: a vector of ${vector.length} dimensions, but this index holds ${this.dimensions}`);
    }
  }
}
