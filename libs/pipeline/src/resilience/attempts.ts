import { common } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { RoutedDeployment } from '../catalog/model-catalog';
import { DeploymentRouter, RouteHints } from '../stages/route';
import { fallbackKindOf, isRetryable, retryWaitMs } from './retry-decision';
import { FallbackKind, ResilienceSettings } from './resilience-settings';

/** A try that did not answer, for the usage event and the router's cooldowns. */
export interface FailedAttempt {
  deploymentId: string;
  model: string;
  errorKind: string;
  latencyMs: number;
}

export interface NextAttempt {
  deployment: RoutedDeployment;
  /** The model group it serves: the requested one, or a fallback. */
  group: string;
  waitMs: number;
}

/** What the request itself asked for: LiteLLM's per-call `num_retries` and `fallbacks`. */
export interface RequestResilience {
  numRetries?: number;
  fallbacks?: readonly string[];
}

/**
 * One client request's tries, LiteLLM's way: retries stay in the model group (a fresh deployment
 * at once, the same one after a backoff), then the group's fallbacks for that kind of failure, each
 * with its own retries. Deployments that failed this request are avoided while others remain.
 */
export class Attempts {
  readonly failed: FailedAttempt[] = [];
  private readonly failedIds = new Set<string>();
  private readonly triedGroups = new Set<string>();
  private group: string;
  private retriesLeft = 0;
  private retryNumber = 0;

  constructor(
    private readonly router: DeploymentRouter,
    private readonly settings: ResilienceSettings,
    private readonly principal: common.Principal,
    private readonly requested: string,
    private readonly hints: RouteHints = {},
    private readonly asked: RequestResilience = {},
    private readonly random: () => number = Math.random,
  ) {
    this.group = requested;
  }

  /**
   * The first deployment. Unknown and forbidden models throw here, before any I/O; a group whose
   * every deployment is cooling down goes straight to its fallbacks.
   */
  first(): NextAttempt {
    this.triedGroups.add(this.requested);
    try {
      return this.enter(this.requested, this.router.choose(this.principal, this.requested, this.hints));
    } catch (error) {
      if (!(error instanceof GatewayFailure) || error.kind !== 'rate_limited') throw error;
      return this.fallBack('general') ?? rethrow(error);
    }
  }

  /** After a failed try: where to go next and after how long, or undefined to answer with `failure`. */
  next(deployment: RoutedDeployment, failure: GatewayFailure, latencyMs: number): NextAttempt | undefined {
    this.failed.push({ deploymentId: deployment.id, model: this.group, errorKind: failure.kind, latencyMs });
    this.failedIds.add(deployment.id);
    if (isRetryable(failure) && this.retriesLeft > 0) {
      this.retriesLeft -= 1;
      const retry = this.retryInGroup(failure);
      if (retry) return retry;
    }
    const kind = fallbackKindOf(failure);
    return kind ? this.fallBack(kind) : undefined;
  }

  get count(): number {
    return this.failed.length + 1;
  }

  private retryInGroup(failure: GatewayFailure): NextAttempt | undefined {
    let candidate: RoutedDeployment;
    try {
      candidate = this.router.choose(this.principal, this.group, { ...this.hints, avoid: this.failedIds });
    } catch {
      return undefined;
    }
    if (!this.failedIds.has(candidate.id)) return { deployment: candidate, group: this.group, waitMs: 0 };
    const waitMs = retryWaitMs(failure, this.retryNumber++, this.settings.minRetryWaitMs, this.random);
    return waitMs === undefined ? undefined : { deployment: candidate, group: this.group, waitMs };
  }

  private fallBack(kind: FallbackKind): NextAttempt | undefined {
    for (const group of this.fallbacksFor(kind)) {
      if (this.triedGroups.has(group)) continue;
      this.triedGroups.add(group);
      try {
        return this.enter(group, this.router.choose(this.principal, group, { ...this.hints, avoid: this.failedIds }));
      } catch {
        // Forbidden to this caller, or cooling down everywhere: the next fallback may serve.
      }
    }
    return undefined;
  }

  private fallbacksFor(kind: FallbackKind): readonly string[] {
    const configured = this.settings.fallbacks[kind].get(this.requested);
    if (kind !== 'general') return configured ?? [];
    return this.asked.fallbacks ?? configured ?? this.settings.defaultFallbacks;
  }

  private enter(group: string, deployment: RoutedDeployment): NextAttempt {
    this.group = group;
    this.retryNumber = 0;
    this.retriesLeft =
      this.asked.numRetries ?? this.settings.deploymentRetries.get(deployment.id) ?? this.settings.retries;
    return { deployment, group, waitMs: 0 };
  }
}

function rethrow(error: unknown): never {
  throw error;
}
