import { createGovernanceRedis, governanceRedisReady } from '@gatehouse/governance';
import { freePort } from '@gatehouse/launcher';
import { startTcpProxy } from '@gatehouse/testing';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { RoutingKeys } from './redis-routing-keys';
import { RedisRoutingStats, RedisRoutingStatsOptions } from './redis-routing-stats';
import { describeRoutingStatsContract, ok } from './routing-stats.contract';

// The machine's Redis; every key this file writes sits under a prefix unique to the run.
const REDIS_URL = 'redis://127.0.0.1:6379';
const runPrefix = `gh-test-routing:${randomUUID()}:`;
let redis: Redis;
let prefixes = 0;
const nextPrefix = (): string => `${runPrefix}${(prefixes += 1)}:`;

beforeAll(async () => {
  redis = createGovernanceRedis(REDIS_URL);
  if (!(await governanceRedisReady(redis))) throw new Error(`no Redis answering at ${REDIS_URL}`);
});

afterAll(async () => {
  const keys = await redis.keys(`${runPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

/** A replica on `prefix` whose flush errors fail the test when it closes. */
function replica(prefix: string, options: Partial<RedisRoutingStatsOptions> = {}) {
  const errors: unknown[] = [];
  const stats = new RedisRoutingStats(redis, prefix, { onError: (error) => errors.push(error), ...options });
  const close = async (): Promise<void> => {
    await stats.close();
    expect(errors).toEqual([]);
  };
  return { stats, close };
}

describeRoutingStatsContract('RedisRoutingStats against real Redis', (options) => {
  const { stats, close } = replica(nextPrefix(), options);
  return Promise.resolve({ stats, sync: () => stats.flush(), close });
});

describe('RedisRoutingStats across replicas', () => {
  it("shows replica A's calls in flight and usage to replica B after both have flushed, and sums both", async () => {
    const prefix = nextPrefix();
    const a = replica(prefix);
    const b = replica(prefix);
    a.stats.started('d1');
    a.stats.started('d1');
    a.stats.finished('d1', { ...ok(1_000, 10), totalTokens: 40 });
    expect(b.stats.inFlight('d1')).toBe(0);
    await b.stats.flush();
    expect(b.stats.inFlight('d1')).toBe(0); // A has not flushed: nothing shared yet

    await a.stats.flush();
    await b.stats.flush();
    expect(b.stats.inFlight('d1')).toBe(1);
    expect(b.stats.usage('d1')).toEqual({ requests: 2, tokens: 40 });
    expect(b.stats.latency('d1', false)).toBe(100);

    b.stats.started('d1');
    b.stats.finished('d1', ok(3_000, 10));
    b.stats.started('d1');
    expect(b.stats.inFlight('d1')).toBe(2); // its own at once
    await b.stats.flush();
    await a.stats.flush();
    for (const { stats } of [a, b]) {
      expect(stats.inFlight('d1')).toBe(2);
      expect(stats.usage('d1')).toEqual({ requests: 4, tokens: 60 });
      expect(stats.latency('d1', false)).toBe(200);
    }
    await Promise.all([a.close(), b.close()]);
  });

  it("drops a replica that stops flushing from the others' in-flight sum once its TTL has passed", async () => {
    const prefix = nextPrefix();
    const options = { replicaTtlMs: 1_000, flushIntervalMs: 50 };
    const a = replica(prefix, options);
    const b = replica(prefix, options);
    a.stats.started('d1');
    b.stats.started('d1');
    a.stats.start();
    b.stats.start();
    await waitFor(() => b.stats.inFlight('d1') === 2, 2_000);

    await a.close(); // a crash: no more flushes, and its call is never finished
    const stoppedAt = Date.now();
    await sleep(500);
    expect(b.stats.inFlight('d1')).toBe(2); // still within A's TTL
    await waitFor(() => b.stats.inFlight('d1') === 1, 3_000);
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(1_000 - 100);

    const held = await redis.hgetall(new RoutingKeys(prefix).inFlight('d1'));
    expect(Object.keys(held)).toHaveLength(1); // the lapsed replica's field is gone too
    expect(Object.values(held)).toEqual(['1']);
    await b.close();
  });

  it('lets its keys expire: minute counters after two minutes, in-flight with the replicas', async () => {
    const prefix = nextPrefix();
    const keys = new RoutingKeys(prefix);
    const a = replica(prefix, { replicaTtlMs: 2_000 });
    a.stats.started('d1');
    a.stats.finished('d1', ok(100, 1));
    await a.stats.flush();
    const minute = Math.floor(Date.now() / 60_000);
    const counter = await redis.pttl(keys.requests('d1', minute));
    expect(counter).toBeGreaterThan(110_000);
    expect(counter).toBeLessThanOrEqual(120_000);
    expect(await redis.pttl(keys.replicas)).toBeLessThanOrEqual(2_000);
    expect(await redis.pttl(keys.perToken('d1'))).toBeGreaterThan(3_500_000);
    await a.close();
  });
});

describe('RedisRoutingStats through a Redis outage', () => {
  it("keeps other replicas' calls only as long as they would live, then catches up when Redis returns", async () => {
    const prefix = nextPrefix();
    const options = { replicaTtlMs: 1_000, flushIntervalMs: 50 };
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: 6379 });
    const viaProxy = createGovernanceRedis(`redis://127.0.0.1:${proxy.port}`);
    const errors: unknown[] = [];
    const a = replica(prefix, options);
    const b = new RedisRoutingStats(viaProxy, prefix, { ...options, onError: (error) => errors.push(error) });
    try {
      expect(await governanceRedisReady(viaProxy)).toBe(true);
      a.stats.started('d1');
      b.started('d1');
      a.stats.start();
      b.start();
      await waitFor(() => b.inFlight('d1') === 2 && b.usage('d1').requests === 2, 2_000);

      await proxy.cut();
      const cutAt = Date.now();
      b.started('d1');
      expect(b.inFlight('d1')).toBe(3); // A's call as last seen, and both of its own
      expect(b.usage('d1')).toEqual({ requests: 3, tokens: 0 });
      await waitFor(() => b.inFlight('d1') === 2, 3_000); // A could have crashed meanwhile
      expect(Date.now() - cutAt).toBeGreaterThanOrEqual(1_000 - 100);
      expect(errors.length).toBeGreaterThan(0);

      await proxy.restore();
      await waitFor(() => b.inFlight('d1') === 3, 5_000);
      await waitFor(() => a.stats.usage('d1').requests === 3, 1_000); // B's unflushed request arrived
    } finally {
      await Promise.all([a.close(), b.close()]);
      viaProxy.disconnect();
      await proxy.close();
    }
  });
});

describe('RedisRoutingStats without Redis', () => {
  it('answers from local data, reports each failed flush, and closes at once', async () => {
    const unreachable = createGovernanceRedis(`redis://127.0.0.1:${await freePort()}`);
    const errors: unknown[] = [];
    const stats = new RedisRoutingStats(unreachable, nextPrefix(), {
      onError: (error) => errors.push(error),
      flushIntervalMs: 20,
    });
    stats.start();
    stats.started('d1');
    stats.started('d1');
    stats.finished('d1', { ...ok(500, 5), totalTokens: 15 });
    await sleep(100);
    await stats.flush();

    expect(errors.length).toBeGreaterThan(1);
    expect(errors[0]).toBeInstanceOf(Error);
    expect(stats.inFlight('d1')).toBe(1);
    expect(stats.usage('d1')).toEqual({ requests: 2, tokens: 15 });
    expect(stats.latency('d1', false)).toBe(100);

    const closing = Date.now();
    await stats.close();
    expect(Date.now() - closing).toBeLessThan(600);
    const reported = errors.length;
    await sleep(100);
    expect(errors).toHaveLength(reported); // the timer is stopped
    unreachable.disconnect();
  });
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}
