import { createGovernanceRedis, governanceRedisReady } from '@gatehouse/governance';
import { freePort } from '@gatehouse/launcher';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { RedisSemanticEntries, RedisSemanticEntriesOptions } from './redis-semantic-entries';
import { SemanticCache } from './semantic-cache';

// The machine's Redis; every key this file writes sits under a prefix unique to the run.
const REDIS_URL = 'redis://127.0.0.1:6379';
const TTL_MS = 60_000;
const NAMESPACE = 'team:embed-small';
// Far below the blocked read's 10 s: close() must not wait it out.
const CLOSE_MS = 500;

const runPrefix = `gh-test-semantic:${randomUUID()}:`;
let redis: Redis;
let prefixes = 0;
const opened: RedisSemanticEntries[] = [];

beforeAll(async () => {
  redis = createGovernanceRedis(REDIS_URL);
  if (!(await governanceRedisReady(redis))) throw new Error(`no Redis answering at ${REDIS_URL}`);
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((replica) => replica.close()));
});

afterAll(async () => {
  const keys = await redis.keys(`${runPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

function unit(...values: number[]): Float32Array {
  const norm = Math.hypot(...values);
  return Float32Array.from(values, (value) => value / norm);
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function newPrefix(): string {
  return `${runPrefix}${(prefixes += 1)}:`;
}

/** A replica (not started) and the errors it reported. */
function replica(keyPrefix: string, options: Partial<RedisSemanticEntriesOptions> = {}) {
  const errors: Error[] = [];
  const entries = new RedisSemanticEntries({
    redis,
    keyPrefix,
    maxEntries: 1_000,
    onError: (error) => errors.push(error),
    ...options,
  });
  opened.push(entries);
  return { entries, cache: new SemanticCache(entries), errors };
}

async function started(keyPrefix: string, options: Partial<RedisSemanticEntriesOptions> = {}) {
  const made = replica(keyPrefix, options);
  await made.entries.start();
  return made;
}

/** Polls `probe` every 10 ms until it gives a value, for at most `timeoutMs`. */
async function within<T>(timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T | undefined> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || performance.now() > deadline) return value;
    await sleep(10);
  }
}

describe('RedisSemanticEntries against real Redis', () => {
  it('shares an entry stored on one replica with another within a second', async () => {
    const prefix = newPrefix();
    const a = await started(prefix);
    const b = await started(prefix);
    await a.cache.store(NAMESPACE, unit(1, 0, 0, 0), Buffer.from('paris'), TTL_MS);

    const hit = await within(1_000, () => b.cache.lookup(NAMESPACE, unit(1, 0.1, 0, 0), 0.99));
    expect(hit?.value.toString()).toBe('paris');
    expect(hit?.similarity).toBeCloseTo(0.995, 3);
    expect((await within(1_000, () => a.cache.lookup(NAMESPACE, unit(1, 0, 0, 0), 0.99)))?.value.toString()).toBe(
      'paris',
    );
    expect(await b.cache.lookup('team:other', unit(1, 0, 0, 0), 0)).toBeUndefined();
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('replays every live entry into a replica started afterwards, across pages of the stream', async () => {
    const prefix = newPrefix();
    const writer = replica(prefix, { maxEntries: 2_000 });
    const random = seeded(7);
    const vectors = Array.from({ length: 1_234 }, () => unit(...Array.from({ length: 16 }, () => random() - 0.5)));
    // More than two pages of reads.
    for (const [i, vector] of vectors.entries()) {
      await writer.cache.store(NAMESPACE, vector, Buffer.from(`answer ${i}`), TTL_MS);
    }
    const expired = unit(...Array.from({ length: 16 }, () => random() - 0.5));
    await writer.cache.store(NAMESPACE, expired, Buffer.from('expired'), 1);
    await sleep(5);

    const late = await started(prefix, { maxEntries: 2_000 });
    expect(late.entries.size).toBe(vectors.length);
    for (const i of [0, 7, 600, 1_233]) {
      expect((await late.cache.lookup(NAMESPACE, vectors[i], 0.999))?.value.toString()).toBe(`answer ${i}`);
    }
    expect(await late.cache.lookup(NAMESPACE, expired, 0.999)).toBeUndefined();
    expect([...writer.errors, ...late.errors]).toEqual([]);
  });

  it('misses when the value has expired in Redis, and forgets the entry', async () => {
    const prefix = newPrefix();
    // A clock that never moves: only Redis' TTL can expire the entry.
    const startedAt = Date.now();
    const frozen = await started(prefix, { now: () => startedAt });
    await frozen.cache.store(NAMESPACE, unit(0, 1, 0), Buffer.from('brief'), 200);
    expect(await within(1_000, () => frozen.cache.lookup(NAMESPACE, unit(0, 1, 0), 0.99))).toBeDefined();
    const ttl = await redis.pttl(`${prefix}semantic:${await onlyValueId(prefix)}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(200);

    await sleep(250);
    expect(await frozen.cache.lookup(NAMESPACE, unit(0, 1, 0), 0.99)).toBeUndefined();
    expect(frozen.entries.size).toBe(0);
  });

  it('reports a stream message it cannot index and goes on with the next', async () => {
    const prefix = newPrefix();
    const reader = await started(prefix);
    await redis.xadd(`${prefix}semantic`, '*', 'id', 'junk');
    await replica(prefix).entries.store(NAMESPACE, unit(0, 0, 1), Buffer.from('after'), TTL_MS);

    expect((await within(1_000, () => reader.cache.lookup(NAMESPACE, unit(0, 0, 1), 0.99)))?.value.toString()).toBe(
      'after',
    );
    expect(reader.errors.map((error) => error.message)).toEqual([
      expect.stringMatching(/^semantic cache: stream message \d+-\d+ is malformed; skipped$/),
    ]);
  });

  it('follows the stream again after its connection drops', async () => {
    const prefix = newPrefix();
    // A name of its own, so that only this replica's connections are killed.
    const name = `gh-test-semantic-${randomUUID()}`;
    const own = new Redis(REDIS_URL, { connectionName: name });
    try {
      const follower = await started(prefix, { redis: own });
      await sleep(50);
      await killConnectionsNamed(name);
      await replica(prefix).cache.store(NAMESPACE, unit(1, 2, 3), Buffer.from('after the drop'), TTL_MS);

      const hit = await within(3_000, () => follower.cache.lookup(NAMESPACE, unit(1, 2, 3), 0.99));
      expect(hit?.value.toString()).toBe('after the drop');
      expect(follower.errors.map((error) => error.message)).toEqual([
        expect.stringMatching(/^semantic cache: could not follow the stream: /),
      ]);
    } finally {
      own.disconnect();
    }
  });

  it('closes at once while a read is blocked on the stream', async () => {
    const { entries } = await started(newPrefix());
    await sleep(50);
    const began = performance.now();
    await entries.close();
    expect(performance.now() - began).toBeLessThan(CLOSE_MS);
  });

  it('drops stores to an unreachable Redis, reported, and still starts and closes at once', async () => {
    const dead = createGovernanceRedis(`redis://127.0.0.1:${await freePort()}`);
    try {
      const { entries, cache, errors } = replica(newPrefix(), { redis: dead });
      await entries.start();
      await cache.store(NAMESPACE, unit(1, 0), Buffer.from('lost'), TTL_MS);
      expect(errors.map((error) => error.message)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^semantic cache: could not replay the stream: /),
          expect.stringMatching(/^semantic cache: could not store an entry: /),
        ]),
      );
      const began = performance.now();
      await entries.close();
      expect(performance.now() - began).toBeLessThan(CLOSE_MS);
    } finally {
      dead.disconnect();
    }
  });

  it('misses, reported, when the value cannot be read', async () => {
    const prefix = newPrefix();
    const own = createGovernanceRedis(REDIS_URL);
    const { cache, errors } = await started(prefix, { redis: own });
    await cache.store(NAMESPACE, unit(1, 1), Buffer.from('unread'), TTL_MS);
    expect(await within(1_000, () => cache.lookup(NAMESPACE, unit(1, 1), 0.99))).toBeDefined();

    own.disconnect();
    expect(await cache.lookup(NAMESPACE, unit(1, 1), 0.99)).toBeUndefined();
    expect(errors.map((error) => error.message)).toEqual([
      expect.stringMatching(/^semantic cache: could not read a value: /),
    ]);
  });
});

async function onlyValueId(prefix: string): Promise<string> {
  const keys = await redis.keys(`${prefix}semantic:*`);
  expect(keys).toHaveLength(1);
  return keys[0].slice(`${prefix}semantic:`.length);
}

async function killConnectionsNamed(name: string): Promise<void> {
  const list = (await redis.client('LIST')) as string;
  const ids = list
    .split('\n')
    .filter((line) => line.includes(` name=${name} `))
    .map((line) => /\bid=(\d+)/.exec(line)?.[1]);
  expect(ids.length).toBeGreaterThanOrEqual(2);
  for (const id of ids) await redis.client('KILL', 'ID', String(id));
}
