import { MemoryRoutingStats } from '../stats/memory-routing-stats';
import { RoutingCandidate, RoutingContext, RoutingStrategy } from './routing-strategy';

/** A deterministic stand-in for Math.random (mulberry32), so counts over many picks are repeatable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function context(overrides: Partial<RoutingContext> = {}): RoutingContext {
  return { stats: new MemoryRoutingStats(), random: seededRandom(7), stream: false, estimatedTokens: 0, ...overrides };
}

/** How often each candidate is picked in `picks` tries, by id. */
export function shares(
  strategy: RoutingStrategy,
  candidates: readonly RoutingCandidate[],
  ctx: RoutingContext,
  picks = 1_000,
): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(candidates.map(({ id }) => [id, 0]));
  for (let i = 0; i < picks; i += 1) {
    const picked = strategy.pick(candidates, ctx);
    if (picked) counts[picked.id] += 1;
  }
  return Object.fromEntries(Object.entries(counts).map(([id, count]) => [id, count / picks]));
}
