import { Injectable } from '@nestjs/common';
import { GatewayFailure } from '@gatehouse/errors';
import { ModelCatalog, RoutedDeployment } from '../config/model-catalog';

/** simple-shuffle: a weighted random choice among a model's deployments. */
@Injectable()
export class DeploymentPicker {
  constructor(private readonly catalog: ModelCatalog) {}

  pick(model: string, random: () => number = Math.random): RoutedDeployment {
    const candidates = this.catalog.deploymentsFor(model);
    if (candidates.length === 0)
      throw new GatewayFailure('not_found', `model '${model}' is not served by this gateway`, { param: 'model' });
    if (candidates.length === 1) return candidates[0];
    const total = candidates.reduce((sum, d) => sum + d.weight, 0);
    let point = random() * total;
    for (const candidate of candidates) {
      point -= candidate.weight;
      if (point < 0) return candidate;
    }
    return candidates[candidates.length - 1];
  }
}
