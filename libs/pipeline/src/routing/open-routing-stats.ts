import { createGovernanceRedis } from '@gatehouse/governance';
import type { Logger } from '@gatehouse/logging';
import type { Closable } from '@gatehouse/runtime';
import { RoutingSettings } from './routing-settings';
import { MemoryRoutingStats } from './stats/memory-routing-stats';
import { RedisRoutingStats } from './stats/redis-routing-stats';
import { RoutingStats } from './stats/routing-stats';

export interface OpenedRoutingStats extends Closable {
  stats: RoutingStats;
}

const ERROR_LOG_INTERVAL_MS = 10_000;

/**
 * Where deployments' traffic is counted for routing: shared through Redis when there is one (every
 * replica sees the others' in-flight calls and usage within a flush), in this process otherwise.
 * Nothing is opened when no strategy or cap reads the counts.
 */
export function openRoutingStats(
  settings: Pick<RoutingSettings, 'trackStats' | 'latency'>,
  redis: { url?: string; keyPrefix: string },
  logger: Logger,
): OpenedRoutingStats {
  if (!settings.trackStats || !redis.url)
    return { stats: new MemoryRoutingStats(settings.latency), close: () => Promise.resolve() };
  const client = createGovernanceRedis(redis.url);
  let lastLogMs = Number.NEGATIVE_INFINITY;
  const stats = new RedisRoutingStats(client, redis.keyPrefix, {
    ...settings.latency,
    onError: (error) => {
      if (Date.now() - lastLogMs < ERROR_LOG_INTERVAL_MS) return;
      lastLogMs = Date.now();
      logger.error({ err: error }, "routing statistics unavailable in Redis: routing on this replica's own counts");
    },
  });
  stats.start();
  return {
    stats,
    close: async () => {
      await stats.close();
      client.disconnect();
    },
  };
}
