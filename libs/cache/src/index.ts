export { responseCacheKey } from './cache-key';
export type { CacheableRoute, ResponseCacheKeyInput } from './cache-key';
export { ResponseCacheStore, ResponseCacheUnavailable } from './response-cache-store';
export { MemoryResponseCache } from './memory-response-cache';
export type { MemoryResponseCacheOptions } from './memory-response-cache';
export { openRedisResponseCache, RedisResponseCache } from './redis-response-cache';
export type { OpenedResponseCache } from './redis-response-cache';
export { openResponseCache } from './open-response-cache';
export type { OpenedCacheBackend } from './open-response-cache';
export { MemorySemanticEntries, RedisSemanticEntries, SemanticCache, SemanticEntries, VectorIndex } from './semantic';
export type {
  MemorySemanticEntriesOptions,
  Neighbour,
  RedisSemanticEntriesOptions,
  SemanticHit,
  SemanticMatch,
} from './semantic';
