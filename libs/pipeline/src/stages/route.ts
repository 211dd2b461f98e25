import { common } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { deploymentsThatFit } from '../catalog/context-window';
import { ModelCatalog, ResolvedGroup, RoutedDeployment } from '../catalog/model-catalog';
import { deploymentsForTags } from '../catalog/tag-routing';
import { withinCaps } from '../routing/strategies/capacity';
import { RoutingContext, RoutingStrategy } from '../routing/strategies/routing-strategy';
import { RoutingStats } from '../routing/stats/routing-stats';
import { Cooldowns } from './cooldowns';

/** What the request adds to the choice. */
export interface RouteHints {
  /** Deployments that already failed this request: skipped while another is available. */
  avoid?: ReadonlySet<string>;
  /** The request's `tags`, for `enable_tag_filtering`. */
  tags?: readonly string[];
  /** `x-gatehouse-deployment`: this deployment and no other, for debugging. */
  pin?: string;
  stream?: boolean;
  /** The prompt's tokens, counted only when a check needs them. */
  promptTokens?: () => number;
}

export interface RouterOptions {
  strategy: RoutingStrategy;
  stats: RoutingStats;
  /** Whether calls must be counted: the strategy reads the statistics, or some deployment has a cap. */
  trackStats: boolean;
  tagFiltering: boolean;
  preCallChecks: boolean;
  random?: () => number;
  now?: () => number;
}

/** The deployment chosen, and the model it was resolved for (an alias's target, a wildcard's match). */
export interface Routed {
  deployment: RoutedDeployment;
  model: string;
  /** The model group's own name: the model_name or wildcard pattern that matched. */
  group: string;
}

const NO_TOKENS = () => 0;

/**
 * The route stage: which deployment serves a call, decided before admission so that the
 * reservation is priced on it. Unknown and forbidden models are refused here, before any I/O. The
 * model group is the requested name, its alias or the wildcard that matches it; then tags and
 * context windows narrow it when configured, deployments cooling down or at their rpm/tpm this
 * minute are skipped, and the configured strategy picks among the rest.
 */
export class DeploymentRouter {
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(
    private readonly catalog: ModelCatalog,
    private readonly cooldowns: Cooldowns,
    private readonly options: RouterOptions,
  ) {
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  /** Where calls are counted, when the strategy or a deployment's cap reads the counts; undefined otherwise. */
  get stats(): RoutingStats | undefined {
    return this.options.trackStats ? this.options.stats : undefined;
  }

  choose(principal: common.Principal, model: string, hints: RouteHints = {}): Routed {
    const group = this.catalog.resolve(model);
    if (!group)
      throw new GatewayFailure('not_found', `model '${model}' is not served by this gateway`, { param: 'model' });
    if (group.deployments.length === 0)
      throw new GatewayFailure(
        'not_found',
        `model '${model}' matches '${group.name}' but has no known price; the gateway serves it once config prices it`,
        { param: 'model' },
      );
    const allowed = principal.models;
    if (allowed.length > 0 && !allowed.includes(model) && !allowed.includes(group.model))
      throw new GatewayFailure('permission_denied', `this key may not use model '${model}'`, { param: 'model' });
    if (hints.pin !== undefined)
      return { deployment: pinned(group, hints.pin, model), model: group.model, group: group.name };
    const eligible = this.eligible(group, model, hints);
    const available = this.available(model, eligible);
    const { avoid } = hints;
    const fresh = avoid && avoid.size > 0 ? available.filter((deployment) => !avoid.has(deployment.id)) : available;
    const candidates = fresh.length > 0 ? fresh : available;
    if (candidates.length === 1 && !capped(candidates[0]))
      return { deployment: candidates[0], model: group.model, group: group.name };
    const context: RoutingContext = {
      stats: this.options.stats,
      random: this.random,
      stream: hints.stream === true,
      // Counting a prompt costs real time: only a tpm cap needs it.
      estimatedTokens: candidates.some((d) => d.tpm !== undefined) ? (hints.promptTokens ?? NO_TOKENS)() : 0,
    };
    const open = candidates.some(capped) ? candidates.filter((d) => withinCaps(d, context)) : candidates;
    const picked = open.length === 1 ? open[0] : this.options.strategy.pick(open, context);
    if (picked) return { deployment: picked, model: group.model, group: group.name };
    throw new GatewayFailure(
      'rate_limited',
      `no deployment of model '${model}' has room: each is at its rpm or tpm for this minute`,
      { retryAfterSeconds: Math.max(1, Math.ceil((60_000 - (this.now() % 60_000)) / 1000)) },
    );
  }

  /** The group narrowed by the request's tags and its prompt's length, when those checks are on. */
  private eligible(group: ResolvedGroup, model: string, hints: RouteHints): readonly RoutedDeployment[] {
    let deployments = group.deployments;
    if (this.options.tagFiltering) {
      deployments = deploymentsForTags(deployments, hints.tags ?? []);
      if (deployments.length === 0)
        throw new GatewayFailure(
          'bad_request',
          `no deployment of model '${model}' serves the tags ${JSON.stringify(hints.tags ?? [])}`,
          { param: 'tags' },
        );
    }
    if (this.options.preCallChecks && hints.promptTokens) {
      deployments = deploymentsThatFit(deployments, hints.promptTokens);
      if (deployments.length === 0)
        throw new GatewayFailure(
          'context_window_exceeded',
          `the prompt is longer than the context window of every deployment of model '${model}'`,
          { param: 'messages' },
        );
    }
    return deployments;
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
}

function capped(deployment: RoutedDeployment): boolean {
  return deployment.rpm !== undefined || deployment.tpm !== undefined;
}

function pinned(group: ResolvedGroup, id: string, model: string): RoutedDeployment {
  const deployment = group.deployments.find((candidate) => candidate.id === id);
  if (deployment) return deployment;
  throw new GatewayFailure('bad_request', `deployment '${id}' does not serve model '${model}'`, {
    param: 'x-gatehouse-deployment',
  });
}
