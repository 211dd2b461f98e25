import { RoutingCandidate, RoutingContext } from './routing-strategy';

/**
 * Whether the call fits in what is left of the deployment's `rpm` and `tpm` this minute, this
 * request and its estimated prompt included (LiteLLM's check in its usage-, latency- and cost-based
 * strategies). An uncapped deployment always fits, without a stats read.
 */
export function withinCaps(candidate: RoutingCandidate, context: RoutingContext): boolean {
  const { rpm, tpm } = candidate;
  if (rpm === undefined && tpm === undefined) return true;
  const used = context.stats.usage(candidate.id);
  return (
    (rpm === undefined || used.requests + 1 <= rpm) &&
    (tpm === undefined || used.tokens + context.estimatedTokens <= tpm)
  );
}
