import { Neighbour, VectorIndex } from './vector-index';

interface Held<T> {
  namespace: string;
  expiresAt: number;
  payload: T;
}

/**
 * The semantic entries one process answers from: one vector index per namespace (isolation by
 * construction, no filtered search; a namespace's vector length is set by its first entry), a
 * payload per entry, an expiry time and a bound on the count, the oldest evicted first.
 */
export class LocalEntries<T> {
  private readonly indexes = new Map<string, VectorIndex>();
  // In insertion order: the front is the oldest, for eviction and the expiry sweep.
  private readonly held = new Map<string, Held<T>>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries <= 0) {
      throw new Error(`semantic cache: maxEntries must be a positive integer, not ${maxEntries}`);
    }
  }

  get size(): number {
    return this.held.size;
  }

  /** Throws when `namespace` holds vectors of another length: they cannot be compared. */
  assertFits(namespace: string, vector: Float32Array): void {
    const dimensions = this.indexes.get(namespace)?.dimensions;
    if (dimensions !== undefined && dimensions !== vector.length) {
      throw new Error(
        `semantic cache: namespace ${namespace} holds vectors of ${dimensions} dimensions, not ${vector.length}`,
      );
    }
  }

  add(id: string, namespace: string, vector: Float32Array, expiresAt: number, payload: T): void {
    const now = this.now();
    this.sweep(now);
    if (expiresAt <= now) return;
    this.assertFits(namespace, vector);
    let index = this.indexes.get(namespace);
    if (index === undefined) {
      index = new VectorIndex(vector.length);
      this.indexes.set(namespace, index);
    }
    index.add(id, vector);
    this.held.set(id, { namespace, expiresAt, payload });
    for (const oldest of this.held.keys()) {
      if (this.held.size <= this.maxEntries) break;
      this.remove(oldest);
    }
  }

  /** The nearest live entry of `namespace`; expired ones met on the way are removed. */
  nearest(namespace: string, vector: Float32Array): Neighbour | undefined {
    const now = this.now();
    this.sweep(now);
    const index = this.indexes.get(namespace);
    if (index === undefined) return undefined;
    for (;;) {
      const neighbour = index.nearest(vector);
      if (neighbour === undefined) return undefined;
      if ((this.held.get(neighbour.id)?.expiresAt ?? 0) > now) return neighbour;
      // Entries of different TTLs expire out of insertion order, so the sweep can leave some behind.
      this.forget(neighbour.id, namespace);
    }
  }

  payload(id: string): T | undefined {
    return this.held.get(id)?.payload;
  }

  remove(id: string): void {
    const entry = this.held.get(id);
    if (entry !== undefined) this.forget(id, entry.namespace);
  }

  /** Removes the expired entries at the front; cheap enough for every call (it stops at a live one). */
  private sweep(now: number): void {
    for (const [id, entry] of this.held) {
      if (entry.expiresAt > now) return;
      this.forget(id, entry.namespace);
    }
  }

  private forget(id: string, namespace: string): void {
    this.held.delete(id);
    const index = this.indexes.get(namespace);
    if (index === undefined) return;
    index.remove(id);
    // A namespace with no entries left lets go of its index (and the native memory behind it).
    if (index.size === 0) this.indexes.delete(namespace);
  }
}
