import { createGovernanceRedis } from '@gatehouse/governance';
import type { Closable } from '@gatehouse/runtime';
import type { Redis } from 'ioredis';
import { ResponseCacheStore, ResponseCacheUnavailable } from './response-cache-store';

/** The response cache in Redis, shared by every replica; Redis expires the entries. */
export class RedisResponseCache extends ResponseCacheStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {
    super();
  }

  async get(key: string): Promise<Buffer | undefined> {
    const value = await this.run('get', () => this.redis.getBuffer(this.keyPrefix + key));
    return value ?? undefined;
  }

  async set(key: string, value: Buffer, ttlMs: number): Promise<void> {
    // PX takes whole milliseconds; a fraction would be refused.
    await this.run('set', () => this.redis.set(this.keyPrefix + key, value, 'PX', Math.ceil(ttlMs)));
  }

  private async run<T>(operation: string, command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new ResponseCacheUnavailable(operation, error);
    }
  }
}

/** A response cache store and the way to let go of its connection. */
export interface OpenedResponseCache extends Closable {
  store: ResponseCacheStore;
}

interface OpenedRedisResponseCache extends OpenedResponseCache {
  /** The client behind the store, for what shares its connection (the semantic entries). */
  redis: Redis;
}

/**
 * The Redis response cache on its own client, configured like the limits client: the cache sits on
 * the request path, so a dead Redis must fail a command at once (a miss) rather than queue it.
 * Commands sent before the first connection completes fail the same way, so start-up does not wait.
 */
export function openRedisResponseCache(url: string, keyPrefix: string): OpenedRedisResponseCache {
  const redis = createGovernanceRedis(url);
  return {
    store: new RedisResponseCache(redis, keyPrefix),
    redis,
    close: () => {
      redis.disconnect();
      return Promise.resolve();
    },
  };
}
