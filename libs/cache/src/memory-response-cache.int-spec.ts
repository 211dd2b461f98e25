import { describeResponseCacheContract } from './contract/response-cache.contract';
import { MemoryResponseCache } from './memory-response-cache';

describeResponseCacheContract('MemoryResponseCache in process', () =>
  Promise.resolve({ store: new MemoryResponseCache({ maxBytes: 1024 * 1024 }), close: () => Promise.resolve() }),
);
