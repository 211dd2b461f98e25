import { makePrincipal } from '@gatehouse/contracts';
import { parseGatewayConfig } from '@gatehouse/config';
import { GatewayFailure } from '@gatehouse/errors';
import { ModelCatalog, RoutedDeployment } from '../catalog/model-catalog';
import { MemoryRoutingStats } from '../routing/stats/memory-routing-stats';
import { SimpleShuffle } from '../routing/strategies/simple-shuffle';
import { strategyFor } from '../routing/strategies/strategy-for';
import { Cooldowns } from './cooldowns';
import { DeploymentRouter, RouterOptions } from './route';

const deployment = (id: string, modelName: string, extra: Partial<RoutedDeployment> = {}): RoutedDeployment => ({
  id,
  modelName,
  provider: 'openai',
  providerModel: 'gpt-4o',
  weight: 1,
  price: { inputPerMillion: 0, outputPerMillion: 0, maxOutputTokens: 0 },
  ...extra,
});

const catalog = new ModelCatalog(
  [deployment('a', 'gpt-4o', { weight: 1 }), deployment('b', 'gpt-4o', { weight: 3 }), deployment('c', 'other')],
  0,
);
const anyone = makePrincipal({ kind: 'master' });
const at = 1_000_000;
const routerOver = (over: ModelCatalog, options: Partial<RouterOptions> = {}, cooldowns = new Cooldowns()) =>
  new DeploymentRouter(over, cooldowns, {
    strategy: new SimpleShuffle(),
    stats: new MemoryRoutingStats({ now: () => at }),
    trackStats: false,
    tagFiltering: false,
    preCallChecks: false,
    now: () => at,
    ...options,
  });
const chooseWith = (random: number, model = 'gpt-4o') =>
  routerOver(catalog, { random: () => random }).choose(anyone, model).deployment.id;

describe('DeploymentRouter (simple-shuffle)', () => {
  it('chooses by weight: a quarter of the range goes to weight 1, the rest to weight 3', () => {
    expect(chooseWith(0)).toBe('a');
    expect(chooseWith(0.24)).toBe('a');
    expect(chooseWith(0.26)).toBe('b');
    expect(chooseWith(0.999)).toBe('b');
  });

  it('spreads 1,000 calls 70/30 within a few points', () => {
    const split = new ModelCatalog([deployment('big', 'm', { weight: 7 }), deployment('small', 'm', { weight: 3 })], 0);
    const router = routerOver(split);
    let big = 0;
    for (let i = 0; i < 1_000; i++) if (router.choose(anyone, 'm').deployment.id === 'big') big++;
    expect(big).toBeGreaterThan(650);
    expect(big).toBeLessThan(750);
  });

  it('only ever picks deployments of the requested model', () => {
    expect(chooseWith(0.7, 'other')).toBe('c');
  });

  it('refuses an unknown model as not_found naming the parameter', () => {
    expect(() => chooseWith(0, 'missing')).toThrow(
      expect.objectContaining({
        kind: 'not_found',
        details: expect.objectContaining({ param: 'model' }) as object,
      }) as Error,
    );
  });

  it('refuses a model the key may not use, before choosing', () => {
    const limited = makePrincipal({ kind: 'virtual_key', models: ['other'] });
    const router = routerOver(catalog);
    expect(() => router.choose(limited, 'gpt-4o')).toThrow(GatewayFailure);
    expect(() => router.choose(limited, 'gpt-4o')).toThrow(/may not use model 'gpt-4o'/);
    expect(router.choose(limited, 'other').deployment.id).toBe('c');
  });

  it('prefers deployments this request has not tried, and retries one when none is left', () => {
    const router = routerOver(catalog, { random: () => 0.99 });
    expect(router.choose(anyone, 'gpt-4o', { avoid: new Set(['b']) }).deployment.id).toBe('a');
    expect(router.choose(anyone, 'gpt-4o', { avoid: new Set(['a', 'b']) }).deployment.id).toBe('b');
  });

  it('serves a pinned deployment of the group, and refuses one that is not', () => {
    const router = routerOver(catalog, { random: () => 0.99 });
    expect(router.choose(anyone, 'gpt-4o', { pin: 'a' }).deployment.id).toBe('a');
    expect(() => router.choose(anyone, 'gpt-4o', { pin: 'c' })).toThrow(/deployment 'c' does not serve model 'gpt-4o'/);
  });
});

describe('DeploymentRouter model groups', () => {
  const config = parseGatewayConfig(
    `
model_list:
  - model_name: gpt-4o
    model_info: { id: exact }
    litellm_params: { model: openai/gpt-4o }
  - model_name: "openai/*"
    model_info: { id: openai-any }
    litellm_params: { model: "openai/*" }
  - model_name: "anthropic/claude-*"
    model_info: { id: claude-any }
    litellm_params: { model: "anthropic/claude-*" }
router_settings:
  model_group_alias: { smart: gpt-4o, fast: "openai/gpt-4o-mini" }
`,
    'config.yaml',
    {},
  );
  const router = routerOver(ModelCatalog.fromConfig(config));

  it('passes the requested model through a wildcard deployment', () => {
    expect(router.choose(anyone, 'openai/gpt-4.1')).toMatchObject({
      model: 'openai/gpt-4.1',
      deployment: { id: 'openai-any', providerModel: 'gpt-4.1' },
    });
    expect(router.choose(anyone, 'anthropic/claude-3-5-sonnet-20241022').deployment.providerModel).toBe(
      'claude-3-5-sonnet-20241022',
    );
    expect(() => router.choose(anyone, 'openai/house-model')).toThrow(/has no known price/);
  });

  it('resolves model_group_alias to its group, a wildcard one included', () => {
    expect(router.choose(anyone, 'smart')).toMatchObject({ model: 'gpt-4o', deployment: { id: 'exact' } });
    expect(router.choose(anyone, 'fast')).toMatchObject({
      model: 'openai/gpt-4o-mini',
      deployment: { id: 'openai-any' },
    });
  });
});

describe('DeploymentRouter filters', () => {
  const tagged = new ModelCatalog(
    [
      deployment('free', 'm', { tags: ['free'] }),
      deployment('paid', 'm', { tags: ['paid'] }),
      deployment('fallback', 'm', { tags: ['default'] }),
    ],
    0,
  );

  it('with enable_tag_filtering, sends tagged requests to their tag and the rest to default', () => {
    const router = routerOver(tagged, { tagFiltering: true });
    expect(router.choose(anyone, 'm', { tags: ['paid'] }).deployment.id).toBe('paid');
    expect(router.choose(anyone, 'm', { tags: ['unknown'] }).deployment.id).toBe('fallback');
    expect(router.choose(anyone, 'm').deployment.id).toBe('fallback');
  });

  it('ignores tags without enable_tag_filtering', () => {
    const ids = new Set<string>();
    const router = routerOver(tagged);
    for (let i = 0; i < 100; i++) ids.add(router.choose(anyone, 'm', { tags: ['paid'] }).deployment.id);
    expect(ids.size).toBe(3);
  });

  it('with enable_pre_call_checks, skips deployments whose context window the prompt exceeds', () => {
    const windows = new ModelCatalog(
      [deployment('short', 'm', { maxInputTokens: 100 }), deployment('long', 'm', { maxInputTokens: 10_000 })],
      0,
    );
    const router = routerOver(windows, { preCallChecks: true, random: () => 0 });
    expect(router.choose(anyone, 'm', { promptTokens: () => 50 }).deployment.id).toBe('short');
    expect(router.choose(anyone, 'm', { promptTokens: () => 500 }).deployment.id).toBe('long');
    expect(() => router.choose(anyone, 'm', { promptTokens: () => 50_000 })).toThrow(
      expect.objectContaining({ kind: 'context_window_exceeded' }) as Error,
    );
  });

  it('skips a deployment at its rpm this minute, whatever the strategy, and says when there is room again', () => {
    const stats = new MemoryRoutingStats({ now: () => at });
    const capped = new ModelCatalog([deployment('small', 'm', { rpm: 1 }), deployment('big', 'm', { rpm: 100 })], 0);
    const router = routerOver(capped, { stats, trackStats: true, random: () => 0 });
    stats.started('small');
    for (let i = 0; i < 20; i++) expect(router.choose(anyone, 'm').deployment.id).toBe('big');
    for (let i = 0; i < 100; i++) stats.started('big');
    expect(() => router.choose(anyone, 'm')).toThrow(
      expect.objectContaining({ kind: 'rate_limited', details: { retryAfterSeconds: 20 } }) as Error,
    );
  });

  it('picks by the configured strategy: least-busy goes to the idle deployment', () => {
    const stats = new MemoryRoutingStats({ now: () => at });
    const busy = new ModelCatalog([deployment('busy', 'm'), deployment('idle', 'm')], 0);
    const router = routerOver(busy, { stats, trackStats: true, strategy: strategyFor('least-busy') });
    stats.started('busy');
    for (let i = 0; i < 20; i++) expect(router.choose(anyone, 'm').deployment.id).toBe('idle');
  });
});

describe('DeploymentRouter with cooldowns', () => {
  const routerWith = (cooldowns: Cooldowns, random: number, now = at) =>
    routerOver(catalog, { random: () => random, now: () => now }, cooldowns);

  it('never chooses a deployment while it cools down, and chooses it again after', () => {
    const cooldowns = new Cooldowns();
    cooldowns.coolDown('b', at + 5_000);
    for (const random of [0, 0.3, 0.6, 0.99])
      expect(routerWith(cooldowns, random).choose(anyone, 'gpt-4o').deployment.id).toBe('a');
    expect(routerWith(cooldowns, 0.99, at + 5_000).choose(anyone, 'gpt-4o').deployment.id).toBe('b');
  });

  it('answers 429 with the wait until the first comes back when every deployment cools down', () => {
    const cooldowns = new Cooldowns();
    cooldowns.coolDown('a', at + 9_000);
    cooldowns.coolDown('b', at + 2_500);
    expect(() => routerWith(cooldowns, 0).choose(anyone, 'gpt-4o')).toThrow(
      expect.objectContaining({
        kind: 'rate_limited',
        details: expect.objectContaining({ retryAfterSeconds: 3 }) as object,
      }) as Error,
    );
  });

  it('keeps the later of two announcements for the same deployment', () => {
    const cooldowns = new Cooldowns();
    cooldowns.coolDown('a', at + 9_000);
    cooldowns.coolDown('a', at + 1_000);
    expect(cooldowns.coolingUntil('a', at)).toBe(at + 9_000);
    expect(cooldowns.coolingUntil('a', at + 9_000)).toBeUndefined();
  });
});
