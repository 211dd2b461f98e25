import { common } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { ModelCatalog, RoutedDeployment } from '../catalog/model-catalog';

/**
 * The route stage: which deployment serves a call, decided before admission so that the
 * reservation is priced on it. Unknown and forbidden models are refused here, before any I/O.
 * Today's strategy is simple-shuffle (weighted random); strategies, cooldowns and the response
 * cache plug in here.
 */
export class DeploymentRouter {
  constructor(
    private readonly catalog: ModelCatalog,
    private readonly random: () => number = Math.random,
  ) {}

  choose(principal: common.Principal, model: string): RoutedDeployment {
    const candidates = this.catalog.deploymentsFor(model);
    if (candidates.length === 0)
      throw new GatewayFailure('not_found', `model '${model}' is not served by this gateway`, { param: 'model' });
    const allowed = principal.models;
    if (allowed.length > 0 && !allowed.includes(model))
      throw new GatewayFailure('permission_denied', `this key may not use model '${model}'`, { param: 'model' });
    return candidates.length === 1 ? candidates[0] : this.weighted(candidates);
  }

  private weighted(candidates: readonly RoutedDeployment[]): RoutedDeployment {
    const total = candidates.reduce((sum, d) => sum + d.weight, 0);
    let point = this.random() * total;
    for (const candidate of candidates) {
      point -= candidate.weight;
      if (point < 0) return candidate;
    }
    return candidates[candidates.length - 1];
  }
}
