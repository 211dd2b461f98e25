import { UsageEventV1 } from '@gatehouse/contracts';
import { CooldownSettings } from '../config/cooldown-settings';

/** Failures that say the deployment, not the request, is in trouble (LiteLLM cools on 429, 401, 408, 5xx). */
const COOLING_KINDS: ReadonlySet<string> = new Set([
  'rate_limited',
  'authentication',
  'timeout',
  'upstream',
  'unavailable',
]);

const WINDOW_MS = 60_000;

export interface CooldownDecision {
  deploymentId: string;
  untilMs: number;
  failures: number;
}

interface Window {
  startMs: number;
  failures: number;
  coolingUntilMs: number;
}

/**
 * Counts each deployment's failures per minute, by when they happened, and decides when one has
 * failed more than `allowed_fails` times: it then sits out `cooldown_time` from the moment that is
 * known (so consumer lag does not shorten it), announced once.
 */
export class CooldownPolicy {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly settings: CooldownSettings) {}

  /** Every failed try the event reports (retries and fallbacks first), each counted against its deployment. */
  observe(event: UsageEventV1, nowMs: number): CooldownDecision[] {
    const at = Date.parse(event.occurred_at);
    const decisions: CooldownDecision[] = [];
    for (const attempt of event.failed_attempts ?? []) {
      const decision = this.failure(attempt.deployment_id, attempt.error_kind, at, nowMs);
      if (decision) decisions.push(decision);
    }
    if (event.status === 'error' && event.deployment_id) {
      const decision = this.failure(event.deployment_id, event.error_kind, at, nowMs);
      if (decision) decisions.push(decision);
    }
    return decisions;
  }

  private failure(
    deploymentId: string,
    errorKind: string | undefined,
    at: number,
    nowMs: number,
  ): CooldownDecision | undefined {
    if (!COOLING_KINDS.has(errorKind ?? '') || !this.settings.coolable.has(deploymentId)) return undefined;
    const window = this.windowFor(deploymentId, at);
    if (Math.max(at, nowMs) < window.coolingUntilMs) return undefined;
    window.failures += 1;
    if (window.failures <= this.settings.allowedFails) return undefined;
    const decision = { deploymentId, untilMs: nowMs + this.settings.cooldownMs, failures: window.failures };
    window.coolingUntilMs = decision.untilMs;
    window.failures = 0;
    return decision;
  }

  private windowFor(deploymentId: string, at: number): Window {
    const window = this.windows.get(deploymentId);
    if (window && at - window.startMs < WINDOW_MS) return window;
    const fresh = { startMs: at, failures: 0, coolingUntilMs: window?.coolingUntilMs ?? 0 };
    this.windows.set(deploymentId, fresh);
    return fresh;
  }
}
