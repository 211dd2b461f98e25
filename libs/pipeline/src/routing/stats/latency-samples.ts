import { FinishedCall } from './routing-stats';

/**
 * The sample a timed-out call adds to both series: LiteLLM's 1 000 s penalty, which keeps the
 * deployment last in line until enough good samples have pushed it out of the window.
 */
export const TIMEOUT_PENALTY_MS = 1_000_000;

/**
 * Ms per output token, LiteLLM's measure (latency / completion_tokens), so that long and short
 * replies compare. A reply without output tokens (an embedding) counts its whole latency.
 */
export function perTokenSample(call: FinishedCall): number | undefined {
  if (call.ok) return call.latencyMs / Math.max(1, call.completionTokens);
  return call.timedOut ? TIMEOUT_PENALTY_MS : undefined;
}

/**
 * Time to first token in ms, undivided: it does not grow with the reply's length. (LiteLLM divides
 * it by completion tokens as well, which ranks streams by how long they went on.)
 */
export function firstTokenSample(call: FinishedCall): number | undefined {
  if (call.ok) return call.timeToFirstTokenMs;
  return call.timedOut ? TIMEOUT_PENALTY_MS : undefined;
}
