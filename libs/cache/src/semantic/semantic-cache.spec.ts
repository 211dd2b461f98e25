import { MemorySemanticEntries } from './memory-semantic-entries';
import { SemanticCache } from './semantic-cache';

const TTL_MS = 60_000;

function unit(...values: number[]): Float32Array {
  const norm = Math.hypot(...values);
  return Float32Array.from(values, (value) => value / norm);
}

function setup(maxEntries = 100) {
  let nowMs = 1_000_000;
  const entries = new MemorySemanticEntries({ maxEntries, now: () => nowMs });
  return { cache: new SemanticCache(entries), entries, elapse: (ms: number) => (nowMs += ms) };
}

const answer = (text: string) => Buffer.from(text);

describe('SemanticCache over MemorySemanticEntries', () => {
  it('answers a similar prompt at or above the threshold, with the similarity', async () => {
    const { cache } = setup();
    await cache.store('team', unit(1, 0, 0), answer('paris'), TTL_MS);

    const hit = await cache.lookup('team', unit(1, 0.1, 0), 0.99);
    expect(hit?.value.toString()).toBe('paris');
    expect(hit?.similarity).toBeCloseTo(0.995, 3);
    expect((await cache.lookup('team', unit(1, 1, 0), Math.SQRT1_2 - 1e-3))?.value.toString()).toBe('paris');
  });

  it('misses below the threshold', async () => {
    const { cache } = setup();
    await cache.store('team', unit(1, 0, 0), answer('paris'), TTL_MS);
    expect(await cache.lookup('team', unit(1, 1, 0), 0.8)).toBeUndefined();
    expect(await cache.lookup('team', unit(0, 1, 0), 0.5)).toBeUndefined();
  });

  it('answers with the nearest of several entries', async () => {
    const { cache } = setup();
    await cache.store('team', unit(1, 0, 0), answer('x'), TTL_MS);
    await cache.store('team', unit(0, 1, 0), answer('y'), TTL_MS);
    await cache.store('team', unit(0, 0, 1), answer('z'), TTL_MS);
    expect((await cache.lookup('team', unit(0.1, 1, 0.1), 0.9))?.value.toString()).toBe('y');
  });

  it('keeps namespaces apart, even for vectors of different lengths', async () => {
    const { cache } = setup();
    await cache.store('team-a', unit(1, 0, 0), answer('a'), TTL_MS);
    await cache.store('team-b', unit(0, 1, 0), answer('b'), TTL_MS);
    await cache.store('team-c', unit(1, 0), answer('c'), TTL_MS);

    expect(await cache.lookup('team-b', unit(1, 0, 0), 0.5)).toBeUndefined();
    expect(await cache.lookup('team-d', unit(1, 0, 0), -1)).toBeUndefined();
    expect((await cache.lookup('team-a', unit(1, 0, 0), 0.99))?.value.toString()).toBe('a');
    expect((await cache.lookup('team-b', unit(0, 1, 0), 0.99))?.value.toString()).toBe('b');
    expect((await cache.lookup('team-c', unit(1, 0), 0.99))?.value.toString()).toBe('c');
  });

  it('refuses a vector of another length than its namespace holds', async () => {
    const { cache } = setup();
    await cache.store('team', unit(1, 0, 0), answer('a'), TTL_MS);
    await expect(cache.store('team', unit(1, 0), answer('b'), TTL_MS)).rejects.toThrow(
      'namespace team holds vectors of 3 dimensions, not 2',
    );
    await expect(cache.lookup('team', unit(1, 0), 0.5)).rejects.toThrow('a vector of 2 dimensions');
  });

  it('never answers from an expired entry', async () => {
    const { cache, entries, elapse } = setup();
    await cache.store('team', unit(1, 0, 0), answer('old'), TTL_MS);
    elapse(TTL_MS - 1);
    expect((await cache.lookup('team', unit(1, 0, 0), 0.99))?.value.toString()).toBe('old');
    elapse(1);
    expect(await cache.lookup('team', unit(1, 0, 0), 0.99)).toBeUndefined();
    expect(entries.size).toBe(0);
  });

  it('skips an entry that expired before older ones, for the next nearest live one', async () => {
    const { cache, elapse } = setup();
    await cache.store('team', unit(1, 0.2, 0), answer('long-lived'), 10 * TTL_MS);
    await cache.store('team', unit(1, 0, 0), answer('short-lived'), TTL_MS);
    expect((await cache.lookup('team', unit(1, 0, 0), 0.9))?.value.toString()).toBe('short-lived');
    elapse(TTL_MS);
    expect((await cache.lookup('team', unit(1, 0, 0), 0.9))?.value.toString()).toBe('long-lived');
  });

  it('evicts the oldest entries past maxEntries', async () => {
    const { cache, entries } = setup(2);
    await cache.store('team-a', unit(1, 0, 0), answer('first'), TTL_MS);
    await cache.store('team-b', unit(0, 1, 0), answer('second'), TTL_MS);
    await cache.store('team-a', unit(0, 0, 1), answer('third'), TTL_MS);

    expect(entries.size).toBe(2);
    expect(await cache.lookup('team-a', unit(1, 0, 0), 0.9)).toBeUndefined();
    expect((await cache.lookup('team-b', unit(0, 1, 0), 0.9))?.value.toString()).toBe('second');
    expect((await cache.lookup('team-a', unit(0, 0, 1), 0.9))?.value.toString()).toBe('third');
  });

  it.each([0, -1, Number.NaN])('refuses a TTL of %s', async (ttlMs) => {
    const { cache } = setup();
    await expect(cache.store('team', unit(1, 0, 0), answer('a'), ttlMs)).rejects.toThrow('ttlMs must be positive');
  });

  it.each([0, 1.5])('refuses maxEntries of %s', (maxEntries) => {
    expect(() => new MemorySemanticEntries({ maxEntries })).toThrow('maxEntries must be a positive integer');
  });
});
