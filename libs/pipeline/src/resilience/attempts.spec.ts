import { makePrincipal } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { ModelCatalog, RoutedDeployment } from '../catalog/model-catalog';
import { Cooldowns } from '../stages/cooldowns';
import { simpleRouter } from '../stages/route.fixture';
import { Attempts } from './attempts';
import { ResilienceSettings } from './resilience-settings';

const price = { inputPerMillion: 1, outputPerMillion: 1, maxOutputTokens: 100 };
const deployment = (id: string, modelName: string): RoutedDeployment => ({
  id,
  modelName,
  provider: 'openai',
  providerModel: 'gpt-4o',
  weight: 1,
  price,
});
const catalog = new ModelCatalog(
  [
    deployment('a1', 'a'),
    deployment('a2', 'a'),
    deployment('solo', 'solo'),
    deployment('big', 'big'),
    deployment('lenient', 'lenient'),
    deployment('backup', 'backup'),
    deployment('spare', 'spare'),
  ],
  0,
);
const master = makePrincipal({ kind: 'master' });

function settings(overrides: Partial<ResilienceSettings> = {}): ResilienceSettings {
  return {
    retries: 1,
    deploymentRetries: new Map(),
    minRetryWaitMs: 0,
    fallbacks: {
      general: new Map([
        ['a', ['backup']],
        ['solo', ['backup', 'spare']],
      ]),
      context_window: new Map([['solo', ['big']]]),
      content_policy: new Map([['solo', ['lenient']]]),
    },
    defaultFallbacks: ['spare'],
    ...overrides,
  };
}

function attempts(model: string, options: { settings?: ResilienceSettings; cooldowns?: Cooldowns } = {}) {
  // random() = 0 always picks the first candidate, so each choice is predictable.
  const router = simpleRouter(catalog, options.cooldowns ?? new Cooldowns(), () => 0);
  return new Attempts(router, options.settings ?? settings(), master, model, {}, {}, () => 0.5);
}

const serverError = new GatewayFailure('upstream', 'boom', { upstreamStatus: 500 });
const fail = (kind: GatewayFailure['kind'], details = {}) => new GatewayFailure(kind, 'no', details);

describe('Attempts', () => {
  it('retries a retryable failure on a deployment this request has not tried, at once', () => {
    const plan = attempts('a');
    const first = plan.first();
    expect(first.deployment.id).toBe('a1');
    expect(plan.next(first.deployment, serverError, 3)).toMatchObject({ deployment: { id: 'a2' }, waitMs: 0 });
    expect(plan.failed).toEqual([{ deploymentId: 'a1', model: 'a', errorKind: 'upstream', latencyMs: 3 }]);
  });

  it.each(['bad_request', 'permission_denied', 'internal', 'budget_exceeded'] as const)(
    'never retries or falls back from %s',
    (kind) => {
      const plan = attempts('a');
      expect(plan.next(plan.first().deployment, fail(kind), 1)).toBeUndefined();
    },
  );

  it("waits before trying the same deployment again: backoff with jitter, or the provider's retry-after", () => {
    const backoff = attempts('solo');
    expect(backoff.next(backoff.first().deployment, serverError, 1)).toMatchObject({
      deployment: { id: 'solo' },
      waitMs: 500 + 0.5 * 750,
    });
    const throttled = attempts('solo');
    const asked = fail('rate_limited', { retryAfterSeconds: 2 });
    expect(throttled.next(throttled.first().deployment, asked, 1)).toMatchObject({ waitMs: 2_000 });
  });

  it('honours retry_after as the shortest wait', () => {
    const plan = attempts('solo', { settings: settings({ minRetryWaitMs: 4_000 }) });
    expect(plan.next(plan.first().deployment, serverError, 1)?.waitMs).toBe(4_000);
  });

  it('does not wait out a retry-after longer than 30 s: it falls back instead', () => {
    const plan = attempts('solo');
    const next = plan.next(plan.first().deployment, fail('rate_limited', { retryAfterSeconds: 120 }), 1);
    expect(next).toMatchObject({ group: 'backup', waitMs: 0 });
  });

  it('falls back in order once retries are spent, each fallback with its own retries', () => {
    const plan = attempts('solo');
    const solo = plan.first().deployment;
    expect(plan.next(solo, serverError, 1)?.deployment.id).toBe('solo');
    const backup = plan.next(solo, serverError, 1);
    expect(backup).toMatchObject({ group: 'backup', deployment: { id: 'backup' } });
    expect(plan.next(backup!.deployment, serverError, 1)).toMatchObject({ group: 'backup' });
    expect(plan.next(backup!.deployment, serverError, 1)).toMatchObject({ group: 'spare' });
    expect(plan.count).toBe(5);
  });

  it('sends a context-window refusal to context_window_fallbacks and a content-policy one to content_policy_fallbacks', () => {
    const long = attempts('solo');
    expect(long.next(long.first().deployment, fail('context_window_exceeded'), 1)).toMatchObject({ group: 'big' });
    const flagged = attempts('solo');
    expect(flagged.next(flagged.first().deployment, fail('content_policy'), 1)).toMatchObject({ group: 'lenient' });
    const nowhere = attempts('a');
    expect(nowhere.next(nowhere.first().deployment, fail('context_window_exceeded'), 1)).toBeUndefined();
  });

  it('uses default_fallbacks for a group without its own', () => {
    const plan = attempts('big', { settings: settings({ retries: 0 }) });
    expect(plan.next(plan.first().deployment, serverError, 1)).toMatchObject({ group: 'spare' });
  });

  it("does not retry a provider refusing the gateway's key, but another group may serve", () => {
    const plan = attempts('a');
    const refused = new GatewayFailure('upstream', 'key refused', { upstreamStatus: 401 });
    expect(plan.next(plan.first().deployment, refused, 1)).toMatchObject({ group: 'backup' });
  });

  it("takes the request's own num_retries and fallbacks over the config's", () => {
    const router = simpleRouter(catalog, new Cooldowns(), () => 0);
    const plan = new Attempts(router, settings(), master, 'solo', {}, { numRetries: 0, fallbacks: ['spare'] });
    expect(plan.next(plan.first().deployment, serverError, 1)).toMatchObject({ group: 'spare' });
  });

  it("takes a deployment's max_retries over the global count", () => {
    const plan = attempts('solo', { settings: settings({ retries: 5, deploymentRetries: new Map([['solo', 0]]) }) });
    expect(plan.next(plan.first().deployment, serverError, 1)).toMatchObject({ group: 'backup' });
  });

  it('skips a fallback the caller may not use', () => {
    const router = simpleRouter(catalog, new Cooldowns(), () => 0);
    const limited = makePrincipal({ kind: 'key', models: ['solo', 'spare'] });
    const plan = new Attempts(router, settings({ retries: 0 }), limited, 'solo');
    expect(plan.next(plan.first().deployment, serverError, 1)).toMatchObject({ group: 'spare' });
  });

  it('goes straight to the fallbacks when every deployment of the group is cooling down', () => {
    const cooldowns = new Cooldowns();
    cooldowns.coolDown('a1', Date.now() + 60_000);
    cooldowns.coolDown('a2', Date.now() + 60_000);
    expect(attempts('a', { cooldowns }).first()).toMatchObject({ group: 'backup', deployment: { id: 'backup' } });
  });

  it('gives up with nothing left to try, and the last failure is the outcome, not a failed attempt', () => {
    const plan = attempts('spare', { settings: settings({ retries: 0, defaultFallbacks: [] }) });
    expect(plan.next(plan.first().deployment, serverError, 1)).toBeUndefined();
    expect(plan.failed).toBeUndefined();
    expect(plan.count).toBe(1);
  });

  it('stops after 20 tries however many retries are configured', () => {
    const plan = attempts('solo', { settings: settings({ retries: 100 }) });
    let tries = 1;
    for (let next = plan.first(); ; tries++) {
      const following = plan.next(next.deployment, fail('rate_limited', { retryAfterSeconds: 1 }), 1);
      if (!following) break;
      next = following;
    }
    expect(tries).toBe(20);
    expect(plan.failed).toHaveLength(19);
  });

  it('uses the fallbacks of the group an alias resolves to', () => {
    const aliased = new ModelCatalog([...catalog.names().flatMap((name) => catalog.deploymentsFor(name))], 0, [], {
      aliases: new Map([['nickname', { model: 'solo', hidden: false }]]),
    });
    const plan = new Attempts(
      simpleRouter(aliased, new Cooldowns(), () => 0),
      settings({ retries: 0 }),
      master,
      'nickname',
    );
    expect(plan.next(plan.first().deployment, serverError, 1)).toMatchObject({ group: 'backup' });
  });
});
