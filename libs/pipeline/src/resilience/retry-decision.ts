import { GatewayFailure } from '@gatehouse/errors';
import { BACKOFF, FallbackKind, LONGEST_RETRY_WAIT_MS } from './resilience-settings';

/** Failures another try may cure: throttling, timeouts, 5xx and connection errors. */
const RETRYABLE: ReadonlySet<string> = new Set(['rate_limited', 'timeout', 'unavailable', 'upstream']);

/** A provider refusing the gateway's own key will refuse it again: not retried, but another group may serve. */
function credentialsRefused(failure: GatewayFailure): boolean {
  const status = failure.details.upstreamStatus;
  return status === 401 || status === 403;
}

export function isRetryable(failure: GatewayFailure): boolean {
  return RETRYABLE.has(failure.kind) && !credentialsRefused(failure);
}

/**
 * Which fallback list a failure moves to, if any. A request the provider called malformed (400)
 * would be just as malformed elsewhere, so it goes nowhere; a context window or content policy
 * refusal goes to its own list.
 */
export function fallbackKindOf(failure: GatewayFailure): FallbackKind | undefined {
  if (failure.kind === 'context_window_exceeded') return 'context_window';
  if (failure.kind === 'content_policy') return 'content_policy';
  if (isRetryable(failure) || credentialsRefused(failure) || failure.kind === 'not_found') return 'general';
  return undefined;
}

/**
 * How long to wait before trying the same deployment again: its `retry-after` when it sent one,
 * else exponential backoff with jitter, never less than `minWaitMs`. Undefined when the provider
 * asks for longer than is worth holding the client.
 */
export function retryWaitMs(
  failure: GatewayFailure,
  retryNumber: number,
  minWaitMs: number,
  random: () => number,
): number | undefined {
  const asked = failure.details.retryAfterSeconds;
  const wait =
    asked !== undefined
      ? asked * 1000
      : Math.min(BACKOFF.initialMs * 2 ** retryNumber, BACKOFF.maxMs) + random() * BACKOFF.jitterMs;
  const chosen = Math.max(wait, minWaitMs);
  return chosen > LONGEST_RETRY_WAIT_MS ? undefined : Math.round(chosen);
}
