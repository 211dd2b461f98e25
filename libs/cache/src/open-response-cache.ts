import { GatewayConfig, redactUrlCredentials } from '@gatehouse/config';
import { MemoryResponseCache } from './memory-response-cache';
import { OpenedResponseCache, openRedisResponseCache } from './redis-response-cache';

export interface OpenedCacheBackend extends OpenedResponseCache {
  /** For the first screen and logs: `embedded (…)` or where Redis is. */
  where: string;
}

/**
 * The store behind `litellm_settings.cache`, or undefined when caching is off. `type: local` (LiteLLM's
 * default) keeps answers in this process; `redis` shares them through Redis at
 * `REDIS_URL`, or, in a standalone process without one, keep them in process like every other
 * embedded default.
 */
export function openResponseCache(
  config: GatewayConfig,
  redis: { url?: string; keyPrefix: string },
): OpenedCacheBackend | undefined {
  const { cache, cache_params: params } = config.litellmSettings;
  if (cache !== true) return undefined;
  const type = params?.type ?? 'local';
  if (type !== 'local' && redis.url) {
    const opened = openRedisResponseCache(redis.url, `${redis.keyPrefix}cache:`);
    return { ...opened, where: redactUrlCredentials(redis.url) };
  }
  const maxBytes = Math.round(config.gatehouse.cache.memory_max_mb * 1024 * 1024);
  return {
    store: new MemoryResponseCache({ maxBytes }),
    where: 'embedded (in this process)',
    close: () => Promise.resolve(),
  };
}
