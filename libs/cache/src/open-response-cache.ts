import { GatewayConfig, redactUrlCredentials } from '@gatehouse/config';
import type { Logger } from '@gatehouse/logging';
import { MemoryResponseCache } from './memory-response-cache';
import { OpenedResponseCache, openRedisResponseCache } from './redis-response-cache';
import { MemorySemanticEntries, RedisSemanticEntries, SemanticEntries } from './semantic';

export interface OpenedCacheBackend extends OpenedResponseCache {
  /** Present for `type: redis-semantic`: the prompts' embeddings and the answers they lead to. */
  semantic?: SemanticEntries;
  /** For the first screen and logs: `embedded (…)` or where Redis is. */
  where: string;
}

const ERROR_LOG_INTERVAL_MS = 10_000;

/**
 * The store behind `litellm_settings.cache`, or undefined when caching is off. `type: local` (LiteLLM's
 * default) keeps answers in this process; `redis` and `redis-semantic` share them through Redis at
 * `REDIS_URL`, or, in a standalone process without one, keep them in process like every other
 * embedded default. A shared semantic index is replayed from Redis in the background: until it has
 * caught up, this replica misses what it has not read yet.
 */
export function openResponseCache(
  config: GatewayConfig,
  redis: { url?: string; keyPrefix: string },
  logger: Logger,
): OpenedCacheBackend | undefined {
  const { cache, cache_params: params } = config.litellmSettings;
  if (cache !== true) return undefined;
  const type = params?.type ?? 'local';
  const maxEntries = config.gatehouse.cache.semantic_max_entries;
  if (type !== 'local' && redis.url) {
    const opened = openRedisResponseCache(redis.url, `${redis.keyPrefix}cache:`);
    const where = redactUrlCredentials(redis.url);
    if (type !== 'redis-semantic') return { ...opened, where };
    const semantic = new RedisSemanticEntries({
      redis: opened.redis,
      keyPrefix: `${redis.keyPrefix}cache:`,
      maxEntries,
      onError: throttled(logger),
    });
    void semantic.start();
    return {
      store: opened.store,
      semantic,
      where,
      close: async () => {
        await semantic.close();
        await opened.close();
      },
    };
  }
  const maxBytes = Math.round(config.gatehouse.cache.memory_max_mb * 1024 * 1024);
  return {
    store: new MemoryResponseCache({ maxBytes }),
    semantic: type === 'redis-semantic' ? new MemorySemanticEntries({ maxEntries }) : undefined,
    where: 'embedded (in this process)',
    close: () => Promise.resolve(),
  };
}

/** The semantic index's failures, logged at most once per interval: an outage repeats them every second. */
function throttled(logger: Logger): (error: Error) => void {
  let lastLogMs = Number.NEGATIVE_INFINITY;
  return (error) => {
    const now = Date.now();
    if (now - lastLogMs < ERROR_LOG_INTERVAL_MS) return;
    lastLogMs = now;
    logger.error({ err: error }, 'semantic cache: the shared index is behind; lookups may miss');
  };
}
