import { createGovernanceRedis, governanceRedisReady } from '@gatehouse/governance';
import { freePort } from '@gatehouse/launcher';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeResponseCacheContract } from './contract/response-cache.contract';
import { openRedisResponseCache, RedisResponseCache } from './redis-response-cache';
import { ResponseCacheUnavailable } from './response-cache-store';

// The machine's Redis; every key this file writes sits under a prefix unique to the run.
const REDIS_URL = 'redis://127.0.0.1:6379';
const FAIL_FAST_MS = 1_000;

const runPrefix = `gh-test-cache:${randomUUID()}:`;
let redis: Redis;
let stores = 0;

async function deleteUnder(prefix: string): Promise<void> {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
}

beforeAll(async () => {
  redis = createGovernanceRedis(REDIS_URL);
  if (!(await governanceRedisReady(redis))) throw new Error(`no Redis answering at ${REDIS_URL}`);
});

afterAll(async () => {
  await deleteUnder(runPrefix);
  redis.disconnect();
});

describeResponseCacheContract('RedisResponseCache against real Redis', () => {
  const prefix = `${runPrefix}${(stores += 1)}:`;
  return Promise.resolve({ store: new RedisResponseCache(redis, prefix), close: () => deleteUnder(prefix) });
});

describe('RedisResponseCache', () => {
  it('stores under its key prefix with the TTL in whole milliseconds', async () => {
    const prefix = `${runPrefix}ttl:`;
    await new RedisResponseCache(redis, prefix).set('key', Buffer.from('value'), 5_000.5);
    expect(await redis.getBuffer(`${prefix}key`)).toEqual(Buffer.from('value'));
    const ttl = await redis.pttl(`${prefix}key`);
    expect(ttl).toBeGreaterThan(4_000);
    expect(ttl).toBeLessThanOrEqual(5_001);
  });
});

describe('openRedisResponseCache', () => {
  it('serves from Redis once its client has connected', async () => {
    const prefix = `${runPrefix}opened:`;
    const opened = openRedisResponseCache(REDIS_URL, prefix);
    try {
      await until(() => opened.store.set('key', Buffer.from('value'), 60_000));
      expect(await opened.store.get('key')).toEqual(Buffer.from('value'));
      expect(await redis.getBuffer(`${prefix}key`)).toEqual(Buffer.from('value'));
    } finally {
      await opened.close();
    }
  });

  it('fails fast with ResponseCacheUnavailable while Redis is unreachable', async () => {
    const opened = openRedisResponseCache(`redis://127.0.0.1:${await freePort()}`, runPrefix);
    try {
      // At once (never connected), then while the client retries in the background.
      for (const delayMs of [0, 300]) {
        await sleep(delayMs);
        const started = performance.now();
        await expect(opened.store.get('key')).rejects.toBeInstanceOf(ResponseCacheUnavailable);
        await expect(opened.store.set('key', Buffer.from('value'), 60_000)).rejects.toBeInstanceOf(
          ResponseCacheUnavailable,
        );
        expect(performance.now() - started).toBeLessThan(FAIL_FAST_MS);
      }
    } finally {
      await opened.close();
    }
  });
});

/** Retries `attempt` every 20 ms for up to 2 s: commands fail until the client's first connection. */
async function until(attempt: () => Promise<unknown>): Promise<void> {
  const deadline = performance.now() + 2_000;
  for (;;) {
    try {
      await attempt();
      return;
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await sleep(20);
    }
  }
}
