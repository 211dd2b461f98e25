import { makePrincipal } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { ModelCatalog, RoutedDeployment } from '../catalog/model-catalog';
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
  new DeploymentRouter(catalog, () => random).choose(anyone, model);

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
    const router = new DeploymentRouter(catalog);
    expect(() => router.choose(limited, 'gpt-4o')).toThrow(GatewayFailure);
    expect(() => router.choose(limited, 'gpt-4o')).toThrow(/may not use model 'gpt-4o'/);
    expect(router.choose(limited, 'other').id).toBe('c');
  });
});
