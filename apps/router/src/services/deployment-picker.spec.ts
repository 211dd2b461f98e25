import { GatewayFailure } from '@gatehouse/errors';
import { ModelCatalog, RoutedDeployment } from '../config/model-catalog';
import { DeploymentPicker } from './deployment-picker';

const deployment = (id: string, modelName: string, weight = 1): RoutedDeployment => ({
  id,
  modelName,
  provider: 'openai',
  providerModel: 'gpt-4o',
  weight,
});

describe('DeploymentPicker (simple-shuffle)', () => {
  const picker = new DeploymentPicker(
    new ModelCatalog([deployment('a', 'gpt-4o', 1), deployment('b', 'gpt-4o', 3), deployment('c', 'other')]),
  );

  it('chooses by weight: a quarter of the range goes to weight 1, the rest to weight 3', () => {
    expect(picker.pick('gpt-4o', () => 0).id).toBe('a');
    expect(picker.pick('gpt-4o', () => 0.24).id).toBe('a');
    expect(picker.pick('gpt-4o', () => 0.26).id).toBe('b');
    expect(picker.pick('gpt-4o', () => 0.999).id).toBe('b');
  });

  it('only ever picks deployments of the requested model', () => {
    expect(picker.pick('other', () => 0.7).id).toBe('c');
  });

  it('refuses an unknown model as not_found naming the parameter', () => {
    expect(() => picker.pick('missing')).toThrow(GatewayFailure);
    try {
      picker.pick('missing');
    } catch (error) {
      expect((error as GatewayFailure).kind).toBe('not_found');
      expect((error as GatewayFailure).details.param).toBe('model');
    }
  });
});
