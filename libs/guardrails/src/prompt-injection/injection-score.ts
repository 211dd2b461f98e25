import { INJECTION_SIGNALS } from './injection-signals';

export interface InjectionScore {
  readonly score: number;
  /** The families that fired, in the order found (strongest first). */
  readonly families: readonly string[];
}

/**
 * Before each signal, the most the signals from it on could still add (each family at its
 * strongest), so scoring stops when the threshold is out of reach.
 */
const REACHABLE: readonly number[] = INJECTION_SIGNALS.map((_, index) => {
  const strongest = new Map<string, number>();
  for (const { family, weight } of INJECTION_SIGNALS.slice(index))
    strongest.set(family, Math.max(weight, strongest.get(family) ?? 0));
  return [...strongest.values()].reduce((sum, weight) => sum + weight, 0);
});

/**
 * How strongly a text reads as a prompt injection: each signal family once, at its strongest weight.
 * A benign text usually stops before the weak signals, so a score under the threshold is a lower bound.
 */
export function scoreInjection(text: string, threshold: number): InjectionScore {
  const weights = new Map<string, number>();
  let score = 0;
  for (const [index, { family, weight, pattern }] of INJECTION_SIGNALS.entries()) {
    if (score + REACHABLE[index] < threshold) break;
    const counted = weights.get(family) ?? 0;
    if (weight <= counted || !pattern.test(text)) continue;
    weights.set(family, weight);
    score += weight - counted;
  }
  return { score, families: [...weights.keys()] };
}
