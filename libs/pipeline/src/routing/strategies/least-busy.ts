import { lowestScoring, Score } from './lowest-score';
import { RoutingCandidate, RoutingStrategy, RoutingContext } from './routing-strategy';

const inFlight: Score = (candidate, context) => context.stats.inFlight(candidate.id);

/** LiteLLM's least-busy: the deployment with the fewest calls in flight, ties at random. */
export class LeastBusy implements RoutingStrategy {
  pick<T extends RoutingCandidate>(candidates: readonly T[], context: RoutingContext): T | undefined {
    return lowestScoring(candidates, context, inFlight);
  }
}
