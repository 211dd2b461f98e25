import Redis from 'ioredis';

/** Nest token for the governance Redis client. */
export const GOVERNANCE_REDIS = Symbol('GOVERNANCE_REDIS');

/** A limit check waits at most this long; past it the outage policy answers instead. */
const COMMAND_TIMEOUT_MS = 500;
const CONNECT_TIMEOUT_MS = 2_000;
const MAX_RECONNECT_DELAY_MS = 5_000;

/**
 * The Redis client for rate limits and budgets. Every request waits on it, so a dead Redis must
 * fail a command at once (no offline queue, one retry, a short timeout) and let the outage policy
 * decide, while the client keeps reconnecting in the background with backoff.
 */
export function createGovernanceRedis(url: string): Redis {
  const redis = new Redis(url, {
    connectionName: 'gatehouse-governance',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
  });
  // Without a listener ioredis prints every reconnect failure; failed commands carry the error to
  // AdmissionService, which logs outages at a bounded rate.
  redis.on('error', () => undefined);
  return redis;
}

/**
 * Resolves true once the client is ready, false after `timeoutMs`. With no offline queue, commands
 * sent before the first connection completes fail, so start-up waits here (without failing: the
 * outage policy covers a Redis that is down).
 */
export function governanceRedisReady(redis: Redis, timeoutMs = CONNECT_TIMEOUT_MS): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ready: boolean): void => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ready);
    };
    const onReady = (): void => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.on('ready', onReady);
  });
}
