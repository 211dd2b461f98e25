import type { Logger } from '@gatehouse/logging';
import type { Closable } from '@gatehouse/runtime';
import { AdmissionStore, createGovernanceRedis, governanceRedisReady, LimitsStore } from './limits';

/** A limits store and the way to let go of what it holds. */
export interface OpenedLimits extends Closable {
  store: LimitsStore;
}

/**
 * The limits store on Redis, shared by every replica. Start-up waits briefly for the first
 * connection; a Redis that is down is not fatal: limits and budgets follow their outage policy.
 */
export async function openRedisLimits(url: string, keyPrefix: string, logger: Logger): Promise<OpenedLimits> {
  const redis = createGovernanceRedis(url);
  if (!(await governanceRedisReady(redis)))
    logger.error('Redis is unreachable: limits and budgets follow their outage policy');
  return {
    store: new AdmissionStore(redis, keyPrefix),
    close: () => {
      redis.disconnect();
      return Promise.resolve();
    },
  };
}
