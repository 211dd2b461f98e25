import { RoutingCandidate, RoutingContext } from './routing-strategy';

/** A candidate's score, lower is better; undefined rules it out. */
export type Score = (candidate: RoutingCandidate, context: RoutingContext) => number | undefined;

/**
 * The candidate with the lowest score, ties broken uniformly at random in one pass (reservoir
 * sampling: the k-th tie replaces the choice with probability 1/k). A module-level `score` keeps
 * the pick free of closures.
 */
export function lowestScoring<T extends RoutingCandidate>(
  candidates: readonly T[],
  context: RoutingContext,
  score: Score,
): T | undefined {
  let chosen: T | undefined;
  let lowest = Number.POSITIVE_INFINITY;
  let ties = 0;
  for (const candidate of candidates) {
    const value = score(candidate, context);
    if (value === undefined) continue;
    if (chosen === undefined || value < lowest) {
      chosen = candidate;
      lowest = value;
      ties = 1;
    } else if (value === lowest) {
      ties += 1;
      if (context.random() * ties < 1) chosen = candidate;
    }
  }
  return chosen;
}
