import { MemoryResponseCache } from './memory-response-cache';

const TTL_MS = 60_000;

function bytes(size: number, fill = 1): Buffer {
  return Buffer.alloc(size, fill);
}

function cache(maxBytes: number) {
  let nowMs = 1_000_000;
  const store = new MemoryResponseCache({ maxBytes, now: () => nowMs });
  return { store, elapse: (ms: number) => (nowMs += ms) };
}

async function present(store: MemoryResponseCache, keys: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const key of keys) if ((await store.get(key)) !== undefined) found.push(key);
  return found;
}

describe('MemoryResponseCache', () => {
  it('evicts the least recently used entries once the values pass the byte bound', async () => {
    const { store } = cache(300);
    await store.set('a', bytes(100), TTL_MS);
    await store.set('b', bytes(100), TTL_MS);
    await store.set('c', bytes(100), TTL_MS);
    await store.get('a'); // a is now more recent than b and c
    await store.set('d', bytes(150), TTL_MS); // 450 bytes: b, then c, must go
    expect(await present(store, ['a', 'b', 'c', 'd'])).toEqual(['a', 'd']);
  });

  it('counts a replaced value once, so overwriting does not evict others', async () => {
    const { store } = cache(300);
    await store.set('a', bytes(100), TTL_MS);
    await store.set('b', bytes(100), TTL_MS);
    await store.set('b', bytes(200, 2), TTL_MS);
    expect(await present(store, ['a', 'b'])).toEqual(['a', 'b']);
    expect(await store.get('b')).toEqual(bytes(200, 2));
  });

  it('does not store a value larger than the whole bound, nor evict for it', async () => {
    const { store } = cache(300);
    await store.set('kept', bytes(300), TTL_MS);
    await store.set('huge', bytes(301), TTL_MS);
    expect(await present(store, ['kept', 'huge'])).toEqual(['kept']);
  });

  it('expires an entry when its TTL has passed, and frees its bytes', async () => {
    const { store, elapse } = cache(300);
    await store.set('short', bytes(200), 1_000);
    elapse(999);
    expect(await store.get('short')).toEqual(bytes(200));
    elapse(1);
    expect(await store.get('short')).toBeUndefined();
    // Had the expired 200 bytes still counted, these two would not both fit.
    await store.set('a', bytes(150), TTL_MS);
    await store.set('b', bytes(150), TTL_MS);
    expect(await present(store, ['a', 'b'])).toEqual(['a', 'b']);
  });

  it('keeps a small value apart from the shared Buffer pool it may have been sliced from', async () => {
    const { store } = cache(300);
    const pooled = Buffer.from('{"id":"chatcmpl-1"}');
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.byteLength);
    await store.set('key', pooled, TTL_MS);
    const stored = await store.get('key');
    expect(stored).toEqual(pooled);
    expect(stored?.buffer.byteLength).toBe(pooled.byteLength);
  });

  it('keeps a value that owns its memory as it is, without copying', async () => {
    const { store } = cache(300);
    const owned = bytes(100);
    await store.set('key', owned, TTL_MS);
    expect(await store.get('key')).toBe(owned);
  });
});
