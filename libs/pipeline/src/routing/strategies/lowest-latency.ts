import { withinCaps } from './capacity';
import { RoutingCandidate, RoutingContext, RoutingStrategy } from './routing-strategy';

/**
 * LiteLLM's latency-based routing (litellm/router_strategy/lowest_latency.py): the deployment with
 * the lowest average latency (time to first token for a stream, ms per output token otherwise),
 * among those with room under their rpm/tpm. With `lowest_latency_buffer` b, a random one of those
 * within fastest × (1 + b), so the fastest is not flooded. A deployment without samples counts 0,
 * as in LiteLLM, so a new one (or one idle past the window's TTL) is tried first.
 */
export class LowestLatency implements RoutingStrategy {
  constructor(private readonly buffer = 0) {}

  pick<T extends RoutingCandidate>(candidates: readonly T[], context: RoutingContext): T | undefined {
    let fastest = Number.POSITIVE_INFINITY;
    for (const candidate of candidates) fastest = Math.min(fastest, latencyOf(candidate, context) ?? fastest);
    const limit = fastest * (1 + this.buffer);
    let chosen: T | undefined;
    let eligible = 0;
    for (const candidate of candidates) {
      const latency = latencyOf(candidate, context);
      if (latency === undefined || latency > limit) continue;
      eligible += 1;
      if (context.random() * eligible < 1) chosen = candidate; // uniform over the eligible, in one pass
    }
    return chosen;
  }
}

function latencyOf(candidate: RoutingCandidate, context: RoutingContext): number | undefined {
  if (!withinCaps(candidate, context)) return undefined;
  return context.stats.latency(candidate.id, context.stream) ?? 0;
}
