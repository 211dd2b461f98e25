import { MemoryResponseCache, MemorySemanticEntries, ResponseCacheStore, SemanticCache } from '@gatehouse/cache';
import { makePrincipal } from '@gatehouse/contracts';
import { parseGatewayConfig } from '@gatehouse/config';
import { createLogger } from '@gatehouse/logging';
import { NO_USAGE } from '@gatehouse/providers-core';
import { RoutedDeployment } from '../catalog/model-catalog';
import { PromptEmbedder } from './prompt-embedder';
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

const context = { requestId: 'r1', traceparent: '' };

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
    await expect(stage.read(plan, context)).resolves.toBeUndefined();
    expect(() => stage.write(plan, () => '{}')).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
  });
});

describe('ResponseCacheStage with the semantic cache', () => {
  const SEMANTIC = '  cache: true\n  cache_params: { type: redis-semantic, similarity_threshold: 0.8 }';
  const VOCABULARY = ['user', 'capital', 'france', 'what', 'is', 'the', 'today', 'cats', 'joke'];
  const embedder: RoutedDeployment = {
    id: 'embedder',
    modelName: 'emb',
    provider: 'openai',
    providerModel: 'emb',
    price: { inputPerMillion: 0.02, outputPerMillion: 0, maxOutputTokens: 0 },
  };
  /** Counts of the vocabulary's words: prompts that share words point the same way. */
  const wordCounts = (text: string) => {
    const words = text.toLowerCase().split(/\W+/);
    return Float32Array.from(VOCABULARY, (word) => words.filter((w) => w === word).length);
  };
  const semanticStage = (embed: PromptEmbedder) => {
    const settings = cacheSettingsFrom(parseGatewayConfig(`litellm_settings:\n${SEMANTIC}`, 'c', {}))!;
    const cache = new SemanticCache(new MemorySemanticEntries({ maxEntries: 100 }));
    return new ResponseCacheStage(new MemoryResponseCache({ maxBytes: 1e6 }), settings, logger, { cache, embed });
  };
  const asking = (content: string, extra: Record<string, unknown> = {}) =>
    call({ request: { model: 'm', messages: [{ role: 'user', content }], ...extra } });
  const settled = () => new Promise((resolve) => setImmediate(resolve));

  let embedded: string[];
  const embed: PromptEmbedder = (_context, text) => {
    embedded.push(text);
    const usage = { ...NO_USAGE, promptTokens: 5, totalTokens: 5 };
    return Promise.resolve({ vector: wordCounts(text), deployment: embedder, model: 'emb', usage });
  };
  beforeEach(() => {
    embedded = [];
  });

  it('answers a similar prompt above the threshold, and not a different one', async () => {
    const stage = semanticStage(embed);
    const first = stage.plan(asking('What is the capital of France?'))!;
    await expect(stage.read(first, context)).resolves.toBeUndefined();
    expect(first.semantic?.lookup).toMatchObject({ model: 'emb', usage: { promptTokens: 5 } });
    stage.write(first, () => '{"answer":"Paris"}');
    await settled();

    const similar = stage.plan(asking('what is the capital of france today'))!;
    expect((await stage.read(similar, context))?.toString()).toBe('{"answer":"Paris"}');
    expect(similar.semantic?.lookup?.similarity).toBeGreaterThan(0.8);
    expect(similar.semantic?.lookup?.similarity).toBeLessThan(0.99);

    const different = stage.plan(asking('tell me a joke about cats'))!;
    await expect(stage.read(different, context)).resolves.toBeUndefined();
    expect(different.semantic?.lookup?.similarity).toBeUndefined();
    expect(embedded).toEqual([
      'user: What is the capital of France?',
      'user: what is the capital of france today',
      'user: tell me a joke about cats',
    ]);
  });

  it('misses a prompt that is near but below the threshold', async () => {
    const stage = semanticStage(embed);
    const first = stage.plan(asking('What is the capital of France?'))!;
    await stage.read(first, context);
    stage.write(first, () => '{"answer":"Paris"}');
    await settled();
    const cosine = (a: Float32Array, b: Float32Array) =>
      a.reduce((sum, value, i) => sum + value * b[i], 0) / Math.hypot(...a) / Math.hypot(...b);
    const near = 'what is the joke';
    const similarity = cosine(wordCounts('user: What is the capital of France?'), wordCounts(`user: ${near}`));
    expect(similarity).toBeCloseTo(0.73, 2);
    const plan = stage.plan(asking(near))!;
    await expect(stage.read(plan, context)).resolves.toBeUndefined();
    expect(plan.semantic?.lookup?.similarity).toBeUndefined();
  });

  it('matches only requests whose other parameters are the same', async () => {
    const stage = semanticStage(embed);
    const first = stage.plan(asking('What is the capital of France?', { temperature: 0 }))!;
    await stage.read(first, context);
    stage.write(first, () => '{"answer":"Paris"}');
    await settled();
    const warmer = stage.plan(asking('What is the capital of France today?', { temperature: 1 }))!;
    await expect(stage.read(warmer, context)).resolves.toBeUndefined();
  });

  it('answers an exact repeat without embedding it', async () => {
    const stage = semanticStage(embed);
    const first = stage.plan(asking('What is the capital of France?'))!;
    await stage.read(first, context);
    stage.write(first, () => '{"answer":"Paris"}');
    await settled();
    const again = stage.plan(asking('What is the capital of France?'))!;
    expect((await stage.read(again, context))?.toString()).toBe('{"answer":"Paris"}');
    expect(again.semantic?.lookup).toBeUndefined();
    expect(embedded).toHaveLength(1);
  });

  it('with no-cache, embeds to store but does not look up', async () => {
    const stage = semanticStage(embed);
    const first = stage.plan({ ...asking('What is the capital of France?'), cacheControl: 'no-cache' })!;
    await expect(stage.read(first, context)).resolves.toBeUndefined();
    stage.write(first, () => '{"answer":"Paris"}');
    await settled();
    const similar = stage.plan(asking('what is the capital of france today'))!;
    expect((await stage.read(similar, context))?.toString()).toBe('{"answer":"Paris"}');
  });

  it('treats a failed embedding as a miss that stores nothing', async () => {
    const stage = semanticStage(() => Promise.reject(new Error('embedding deployment down')));
    const plan = stage.plan(asking('What is the capital of France?'))!;
    await expect(stage.read(plan, context)).resolves.toBeUndefined();
    expect(plan.semantic?.vector).toBeUndefined();
    expect(plan.semantic?.lookup).toBeUndefined();
  });

  it('leaves prompts with images to the exact cache', () => {
    const stage = semanticStage(embed);
    const content = [
      { type: 'text', text: 'What is this?' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,AA' } },
    ];
    expect(
      stage.plan(call({ request: { model: 'm', messages: [{ role: 'user', content }] } }))?.semantic,
    ).toBeUndefined();
  });
});
