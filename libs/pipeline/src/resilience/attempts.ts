import { common } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { RoutedDeployment } from '../catalog/model-catalog';
import { DeploymentRouter, RouteHints, Routed } from '../stages/route';
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
  /** The model group it serves, as named: the requested one, or a fallback. */
  group: string;
  /** What that name resolved to (an alias's target, the model a wildcard matched): the `model` to invoke with. */
  model: string;
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
  // Allocated on the first failure: most requests never need them.
  private failedTries: FailedAttempt[] | undefined;
  private failedIds: Set<string> | undefined;
  private triedGroups: Set<string> | undefined;
  private group: string;
  /** The model group the requested name resolved to (itself, an alias's target, a wildcard pattern). */
  private resolved: string;
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
    this.resolved = requested;
  }

  /**
   * The first deployment. Unknown and forbidden models throw here, before any I/O; a group whose
   * every deployment is cooling down or full goes straight to its fallbacks, and one whose every
   * context window is too small (`enable_pre_call_checks`) to its context-window fallbacks.
   */
  first(): NextAttempt {
    try {
      return this.enter(this.requested, this.router.choose(this.principal, this.requested, this.hints));
    } catch (error) {
      const kind = error instanceof GatewayFailure ? UNROUTABLE[error.kind] : undefined;
      if (!kind) throw error;
      return this.fallBack(kind) ?? rethrow(error);
    }
  }

  /** After a failed try: where to go next and after how long, or undefined to answer with `failure`. */
  next(deployment: RoutedDeployment, failure: GatewayFailure, latencyMs: number): NextAttempt | undefined {
    if (this.count >= MOST_TRIES) return undefined;
    (this.failedIds ??= new Set()).add(deployment.id);
    const following = this.following(failure);
    // Only tries that something came after are "failed attempts": the last one is the outcome itself.
    if (following)
      (this.failedTries ??= []).push({
        deploymentId: deployment.id,
        model: this.group,
        errorKind: failure.kind,
        latencyMs,
      });
    return following;
  }

  private following(failure: GatewayFailure): NextAttempt | undefined {
    if (isRetryable(failure) && this.retriesLeft > 0) {
      this.retriesLeft -= 1;
      const retry = this.retryInGroup(failure);
      if (retry) return retry;
    }
    const kind = fallbackKindOf(failure);
    return kind ? this.fallBack(kind) : undefined;
  }

  /** The tries that failed so far, oldest first; undefined while none has. */
  get failed(): readonly FailedAttempt[] | undefined {
    return this.failedTries;
  }

  get count(): number {
    return (this.failedTries?.length ?? 0) + 1;
  }

  private retryInGroup(failure: GatewayFailure): NextAttempt | undefined {
    let routed: Routed;
    try {
      routed = this.router.choose(this.principal, this.group, { ...this.hints, avoid: this.failedIds });
    } catch {
      return undefined;
    }
    const next = { deployment: routed.deployment, group: this.group, model: routed.model, waitMs: 0 };
    // A deployment that failed this request comes back only when no other is left.
    if (!this.failedIds?.has(routed.deployment.id)) return next;
    const waitMs = retryWaitMs(failure, this.retryNumber++, this.settings.minRetryWaitMs, this.random);
    return waitMs === undefined ? undefined : { ...next, waitMs };
  }

  private fallBack(kind: FallbackKind): NextAttempt | undefined {
    const tried = (this.triedGroups ??= new Set([this.requested, this.resolved]));
    for (const group of this.fallbacksFor(kind)) {
      if (tried.has(group)) continue;
      tried.add(group);
      try {
        return this.enter(group, this.router.choose(this.principal, group, { ...this.hints, avoid: this.failedIds }));
      } catch {
        // Forbidden to this caller, or cooling down everywhere: the next fallback may serve.
      }
    }
    return undefined;
  }

  /** The requested name's lists, else those of the group it resolved to (an alias's target, a wildcard). */
  private fallbacksFor(kind: FallbackKind): readonly string[] {
    const lists = this.settings.fallbacks[kind];
    const configured = lists.get(this.requested) ?? lists.get(this.resolved);
    if (kind !== 'general') return configured ?? [];
    return this.asked.fallbacks ?? configured ?? this.settings.defaultFallbacks;
  }

  private enter(group: string, { deployment, model, group: resolved }: Routed): NextAttempt {
    if (group === this.requested) this.resolved = resolved;
    this.group = group;
    this.retryNumber = 0;
    this.retriesLeft =
      this.asked.numRetries ?? this.settings.deploymentRetries.get(deployment.id) ?? this.settings.retries;
    return { deployment, group, model, waitMs: 0 };
  }
}

/** However retries and fallbacks are configured or asked for, one request makes at most this many tries. */
export const MOST_TRIES = 20;

/** Refusals from choosing, before any try, that a fallback group may get past. */
const UNROUTABLE: Partial<Record<string, FallbackKind>> = {
  rate_limited: 'general',
  context_window_exceeded: 'context_window',
};

function rethrow(error: unknown): never {
  throw error;
}
