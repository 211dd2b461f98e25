import { common } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { ModelCatalog, RoutedDeployment } from '../catalog/model-catalog';
import { Cooldowns } from './cooldowns';

/** What the request adds to the choice. */
export interface RouteHints {
  /** Deployments that already failed this request: skipped while another is available. */
  avoid?: ReadonlySet<string>;
}

/**
 * The route stage: which deployment serves a call, decided before admission so that the
 * reservation is priced on it. Unknown and forbidden models are refused here, before any I/O;
 * deployments cooling down after failures are skipped. Today's strategy is simple-shuffle
 * (weighted random); other strategies and the response cache plug in here.
 */
export class DeploymentRouter {
  constructor(
    private readonly catalog: ModelCatalog,
    private readonly cooldowns: Cooldowns,
    private readonly random: () => number = Math.random,
    private readonly now: () => number = Date.now,
  ) {}

  choose(principal: common.Principal, model: string, hints: RouteHints = {}): RoutedDeployment {
    const group = this.catalog.deploymentsFor(model);
    if (group.length === 0)
      throw new GatewayFailure('not_found', `model '${model}' is not served by this gateway`, { param: 'model' });
    const allowed = principal.models;
    if (allowed.length > 0 && !allowed.includes(model))
      throw new GatewayFailure('permission_denied', `this key may not use model '${model}'`, { param: 'model' });
    const available = this.available(model, group);
    const { avoid } = hints;
    const fresh = avoid && avoid.size > 0 ? available.filter((deployment) => !avoid.has(deployment.id)) : available;
    const candidates = fresh.length > 0 ? fresh : available;
    return candidates.length === 1 ? candidates[0] : this.weighted(candidates);
  }

  /** Every deployment not cooling down; when all are, a 429 that says when the first comes back. */
  private available(model: string, group: readonly RoutedDeployment[]): readonly RoutedDeployment[] {
    const now = this.now();
    let soonest = Number.POSITIVE_INFINITY;
    const ready = group.filter((deployment) => {
      const until = this.cooldowns.coolingUntil(deployment.id, now);
      if (until !== undefined) soonest = Math.min(soonest, until);
      return until === undefined;
    });
    if (ready.length > 0) return ready;
    throw new GatewayFailure(
      'rate_limited',
      `no deployment of model '${model}' is available: every one is cooling down after failures`,
      { retryAfterSeconds: Math.max(1, Math.ceil((soonest - now) / 1000)) },
    );
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
