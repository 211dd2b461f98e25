import { makePrincipal } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { ModelCatalog, RoutedDeployment } from '../catalog/model-catalog';
import { Cooldowns } from './cooldowns';
import { DeploymentRouter } from './route';

const deployment = (id: string, modelName: string, weight = 1): RoutedDeployment => ({
  id,
  modelName,
  provider: 'openai',
  providerModel: 'gpt-4o',
  weight,
  price: { inputPerMillion: 0, outputPerMillion: 0, maxOutputTokens: 0 },
});

const catalog = new ModelCatalog(
  [deployment('a', 'gpt-4o', 1), deployment('b', 'gpt-4o', 3), deployment('c', 'other')],
  0,
);
const anyone = makePrincipal({ kind: 'master' });
const chooseWith = (random: number, model = 'gpt-4o') =>
  new DeploymentRouter(catalog, new Cooldowns(), () => random).choose(anyone, model);

describe('DeploymentRouter (simple-shuffle)', () => {
  it('chooses by weight: a quarter of the range goes to weight 1, the rest to weight 3', () => {
    expect(chooseWith(0).id).toBe('a');
    expect(chooseWith(0.24).id).toBe('a');
    expect(chooseWith(0.26).id).toBe('b');
    expect(chooseWith(0.999).id).toBe('b');
  });

  it('only ever picks deployments of the requested model', () => {
    expect(chooseWith(0.7, 'other').id).toBe('c');
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
    const router = new DeploymentRouter(catalog, new Cooldowns());
    expect(() => router.choose(limited, 'gpt-4o')).toThrow(GatewayFailure);
    expect(() => router.choose(limited, 'gpt-4o')).toThrow(/may not use model 'gpt-4o'/);
    expect(router.choose(limited, 'other').id).toBe('c');
  });
});

describe('DeploymentRouter with cooldowns', () => {
  const at = 1_000_000;
  const routerWith = (cooldowns: Cooldowns, random: number) =>
    new DeploymentRouter(
      catalog,
      cooldowns,
      () => random,
      () => at,
    );

  it('never chooses a deployment while it cools down, and chooses it again after', () => {
    const cooldowns = new Cooldowns();
    cooldowns.coolDown('b', at + 5_000);
    for (const random of [0, 0.3, 0.6, 0.99])
      expect(routerWith(cooldowns, random).choose(anyone, 'gpt-4o').id).toBe('a');
    const later = new DeploymentRouter(
      catalog,
      cooldowns,
      () => 0.99,
      () => at + 5_000,
    );
    expect(later.choose(anyone, 'gpt-4o').id).toBe('b');
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
