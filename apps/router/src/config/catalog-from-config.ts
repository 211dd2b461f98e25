import { GatewayConfig } from '@gatehouse/config';
import { ModelCatalog } from './model-catalog';

export function catalogFromConfig(config: GatewayConfig): ModelCatalog {
  return new ModelCatalog(
    config.deployments.map((d) => ({
      id: d.id,
      modelName: d.modelName,
      provider: d.provider,
      providerModel: d.providerModel,
      weight: d.params.weight ?? 1,
    })),
  );
}
