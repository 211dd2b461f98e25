import { RoutingCandidate, RoutingContext, RoutingStrategy } from './routing-strategy';

type Share = 'weight' | 'rpm' | 'tpm';

const hasWeight = (candidate: RoutingCandidate): boolean => candidate.weight !== undefined;
const hasRpm = (candidate: RoutingCandidate): boolean => candidate.rpm !== undefined;
const hasTpm = (candidate: RoutingCandidate): boolean => candidate.tpm !== undefined;

/**
 * LiteLLM's default (litellm/router_strategy/simple_shuffle.py): a random pick weighted by `weight`;
 * when no deployment has one, by `rpm`; else by `tpm`; else uniform. A deployment without the value
 * the others share counts 0. LiteLLM decides by the group's first deployment alone; any one decides
 * here, so the order of config.yaml does not change the rule. No stats read: the cheapest strategy.
 */
export class SimpleShuffle implements RoutingStrategy {
  pick<T extends RoutingCandidate>(candidates: readonly T[], { random }: RoutingContext): T | undefined {
    if (candidates.length <= 1) return candidates[0];
    const share = shareOf(candidates);
    return share === undefined ? uniform(candidates, random) : weighted(candidates, share, random);
  }
}

function shareOf(candidates: readonly RoutingCandidate[]): Share | undefined {
  if (candidates.some(hasWeight)) return 'weight';
  if (candidates.some(hasRpm)) return 'rpm';
  return candidates.some(hasTpm) ? 'tpm' : undefined;
}

function weighted<T extends RoutingCandidate>(candidates: readonly T[], share: Share, random: () => number): T {
  let total = 0;
  for (const candidate of candidates) total += candidate[share] ?? 0;
  if (total <= 0) return uniform(candidates, random);
  let point = random() * total;
  let last = candidates[0];
  for (const candidate of candidates) {
    const part = candidate[share] ?? 0;
    if (part <= 0) continue;
    last = candidate;
    point -= part;
    if (point < 0) return candidate;
  }
  return last; // only when rounding leaves `point` at the very end
}

function uniform<T>(candidates: readonly T[], random: () => number): T {
  return candidates[Math.floor(random() * candidates.length)];
}
