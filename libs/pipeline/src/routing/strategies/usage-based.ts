import { RoutingCandidate, RoutingContext, RoutingStrategy } from './routing-strategy';

/**
 * Rate-limit-aware routing (`usage-based-routing` and LiteLLM's Redis-backed rewrite of it, `-v2`;
 * here the statistics binding decides whether counts are shared, so both names get this one rule).
 * A deployment whose `tpm` cannot take this request's estimated prompt, or whose `rpm` has no request
 * left this minute, is skipped. Of the rest, the one with the most token headroom (cap minus this
 * minute's tokens) wins, then the most request headroom; an uncapped deployment has unlimited
 * headroom. Among equals (every deployment uncapped, say) the fewest tokens used this minute wins,
 * which is LiteLLM's whole rule; remaining ties at random. LiteLLM ranks by tokens used even between
 * capped deployments, which sends traffic to a small deployment until it is as busy as a big one.
 */
export class UsageBased implements RoutingStrategy {
  pick<T extends RoutingCandidate>(candidates: readonly T[], context: RoutingContext): T | undefined {
    let chosen: T | undefined;
    let bestTokenRoom = 0;
    let bestRequestRoom = 0;
    let bestUsed = 0;
    let ties = 0;
    for (const candidate of candidates) {
      const used = context.stats.usage(candidate.id);
      const tokenRoom = headroom(candidate.tpm, used.tokens + context.estimatedTokens);
      const requestRoom = headroom(candidate.rpm, used.requests + 1);
      if (tokenRoom < 0 || requestRoom < 0) continue;
      const order =
        chosen === undefined
          ? 1
          : compare(tokenRoom - bestTokenRoom, requestRoom - bestRequestRoom, bestUsed - used.tokens);
      if (order > 0) {
        chosen = candidate;
        bestTokenRoom = tokenRoom;
        bestRequestRoom = requestRoom;
        bestUsed = used.tokens;
        ties = 1;
      } else if (order === 0) {
        ties += 1;
        if (context.random() * ties < 1) chosen = candidate;
      }
    }
    return chosen;
  }
}

/** What would be left of `cap` after this call; Infinity without a cap. */
function headroom(cap: number | undefined, afterCall: number): number {
  return cap === undefined ? Number.POSITIVE_INFINITY : cap - afterCall;
}

/** Positive when the candidate beats the choice so far: the first key that differs decides. */
function compare(tokenRoom: number, requestRoom: number, fewerUsed: number): number {
  if (tokenRoom !== 0 && !Number.isNaN(tokenRoom)) return tokenRoom;
  if (requestRoom !== 0 && !Number.isNaN(requestRoom)) return requestRoom;
  return fewerUsed;
}
