import { withinCaps } from './capacity';
import { lowestScoring, Score } from './lowest-score';
import { RoutingCandidate, RoutingContext, RoutingStrategy } from './routing-strategy';

/**
 * Input plus output price per token, LiteLLM's measure (litellm/router_strategy/lowest_cost.py).
 * An unpriced deployment ranks after every priced one, as LiteLLM's $5-a-token default does.
 */
const pricePerToken: Score = (candidate, context) => {
  if (!withinCaps(candidate, context)) return undefined;
  const { price } = candidate;
  return price && !candidate.unpriced ? price.inputPerMillion + price.outputPerMillion : Number.MAX_VALUE;
};

/** LiteLLM's cost-based routing: the cheapest deployment with room under its rpm/tpm, ties at random. */
export class LowestCost implements RoutingStrategy {
  pick<T extends RoutingCandidate>(candidates: readonly T[], context: RoutingContext): T | undefined {
    return lowestScoring(candidates, context, pricePerToken);
  }
}
