import { MemoryResponseCache, ResponseCacheStore } from '@gatehouse/cache';
import { makePrincipal } from '@gatehouse/contracts';
import { parseGatewayConfig } from '@gatehouse/config';
import { createLogger } from '@gatehouse/logging';
import { cacheSettingsFrom, CacheRequest, ResponseCacheStage } from './response-cache';

const logger = createLogger('cache-test', 'silent');
const stageFor = (litellmSettings: string, store: ResponseCacheStore = new MemoryResponseCache({ maxBytes: 1e6 })) => {
  const settings = cacheSettingsFrom(parseGatewayConfig(`litellm_settings:\n${litellmSettings}`, 'c', {}));
  if (!settings) throw new Error('cache is off');
  return new ResponseCacheStage(store, settings, logger);
};
const call = (overrides: Partial<CacheRequest> = {}): CacheRequest => ({
  principal: makePrincipal({ kind: 'key', subject: 'k1', keyId: 'key-1', teamId: 'team-1' }),
  route: 'chat.completions',
  model: 'm',
  stream: false,
  request: { model: 'm', messages: [{ role: 'user', content: 'hi' }] },
  ...overrides,
});

describe('ResponseCacheStage', () => {
  it('is off unless litellm_settings.cache is true', () => {
    expect(cacheSettingsFrom(parseGatewayConfig('litellm_settings: { cache_params: { ttl: 5 } }', 'c', {}))).toBe(
      undefined,
    );
  });

  it("uses cache_params.ttl, and a request's own ttl over it", () => {
    const stage = stageFor('  cache: true\n  cache_params: { ttl: 30 }');
    expect(stage.plan(call())?.ttlMs).toBe(30_000);
    expect(stage.plan(call({ directives: { ttlSeconds: 2 } }))?.ttlMs).toBe(2_000);
    expect(stage.plan(call({ cacheControl: 'No-Cache' }))).toMatchObject({ read: false, write: true });
  });

  it('with mode default_off, caches only requests that opt in with use-cache', () => {
    const stage = stageFor('  cache: true\n  cache_params: { mode: default_off }');
    expect(stage.plan(call())).toBeUndefined();
    expect(stage.plan(call({ directives: { useCache: true } }))).toMatchObject({ read: true, write: true });
  });

  it('caches only the call types supported_call_types names', () => {
    const stage = stageFor('  cache: true\n  cache_params: { supported_call_types: [aembedding] }');
    expect(stage.plan(call())).toBeUndefined();
    expect(stage.plan(call({ route: 'embeddings' }))).toBeDefined();
  });

  it('keys a team, a key without a team, streams and whole answers apart', () => {
    const stage = stageFor('  cache: true');
    const keyOf = (overrides: Partial<CacheRequest>) => stage.plan(call(overrides))?.key;
    const sameTeam = makePrincipal({ kind: 'key', subject: 'k2', keyId: 'key-2', teamId: 'team-1' });
    const noTeam = makePrincipal({ kind: 'key', subject: 'k3', keyId: 'key-3' });
    const otherNoTeam = makePrincipal({ kind: 'key', subject: 'k4', keyId: 'key-4' });
    expect(keyOf({ principal: sameTeam })).toBe(keyOf({}));
    expect(keyOf({ principal: noTeam })).not.toBe(keyOf({ principal: otherNoTeam }));
    expect(keyOf({ stream: true })).not.toBe(keyOf({}));
    // Under tag filtering the tags choose the deployment, so they choose the answer.
    expect(keyOf({ tags: ['paid'] })).not.toBe(keyOf({ tags: ['free'] }));
    expect(keyOf({ tags: ['a', 'b'] })).toBe(keyOf({ tags: ['b', 'a'] }));
  });

  it('treats a store that cannot answer as a miss, and a failed write as nothing', async () => {
    const broken: ResponseCacheStore = {
      get: () => Promise.reject(new Error('down')),
      set: () => Promise.reject(new Error('down')),
    };
    const stage = stageFor('  cache: true', broken);
    const plan = stage.plan(call())!;
    await expect(stage.read(plan)).resolves.toBeUndefined();
    expect(() => stage.write(plan, () => '{}')).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
  });
});
