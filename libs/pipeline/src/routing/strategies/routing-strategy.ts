import { DeploymentPrice } from '../../catalog/pricing';
import { RoutingStats } from '../stats/routing-stats';

/** What a strategy needs to know of a deployment; a `RoutedDeployment` plus its `rpm`/`tpm` fits. */
export interface RoutingCandidate {
  readonly id: string;
  /** `litellm_params.weight`; leave it undefined when config gives none, so simple-shuffle can fall back to rpm/tpm. */
  readonly weight?: number;
  /** `litellm_params.rpm` / `tpm`: the deployment's own per-minute capacity. */
  readonly rpm?: number;
  readonly tpm?: number;
  /** Undefined, or `unpriced` set, when unknown (an unpriced deployment is not free): cost-based routing ranks it last. */
  readonly price?: Pick<DeploymentPrice, 'inputPerMillion' | 'outputPerMillion'>;
  readonly unpriced?: true;
}

export interface RoutingContext {
  readonly stats: RoutingStats;
  /** In [0, 1), like Math.random. */
  readonly random: () => number;
  readonly stream: boolean;
  /** The request's prompt tokens as estimated before the call, checked against `tpm`. */
  readonly estimatedTokens: number;
}

/**
 * Chooses one of a model's deployments (those not cooling down). Synchronous and allocation-light:
 * it runs on every request. Undefined when there is no candidate, or when the strategy respects
 * rpm/tpm (usage-, latency- and cost-based) and every candidate has reached its cap this minute.
 */
export interface RoutingStrategy {
  pick<T extends RoutingCandidate>(candidates: readonly T[], context: RoutingContext): T | undefined;
}
