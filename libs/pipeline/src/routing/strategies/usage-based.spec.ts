import { MemoryRoutingStats } from '../stats/memory-routing-stats';
import { context, shares } from './strategy-fixture';
import { UsageBased } from './usage-based';

const usageBased = new UsageBased();

function used(stats: MemoryRoutingStats, id: string, requests: number, tokens: number): void {
  for (let i = 0; i < requests; i += 1) stats.started(id);
  stats.finished(id, { latencyMs: 1, completionTokens: 0, totalTokens: tokens, ok: true });
}

describe('UsageBased', () => {
  it('picks the deployment with the most token headroom this minute', () => {
    const stats = new MemoryRoutingStats();
    used(stats, 'small', 1, 1_000); // 9 000 left
    used(stats, 'big', 1, 50_000); // 50 000 left
    const group = [
      { id: 'small', tpm: 10_000 },
      { id: 'big', tpm: 100_000 },
    ];
    expect(usageBased.pick(group, context({ stats }))?.id).toBe('big');
  });

  it('skips a deployment whose rpm is reached, or whose tpm cannot take the estimated prompt', () => {
    const stats = new MemoryRoutingStats();
    used(stats, 'full', 10, 0);
    used(stats, 'tight', 1, 9_900);
    used(stats, 'busy', 5, 60_000);
    const group = [
      { id: 'full', rpm: 10 },
      { id: 'tight', tpm: 10_000 },
      { id: 'busy', rpm: 100, tpm: 100_000 },
    ];
    expect(usageBased.pick(group, context({ stats, estimatedTokens: 500 }))?.id).toBe('busy');
    expect(usageBased.pick(group.slice(0, 2), context({ stats, estimatedTokens: 500 }))).toBeUndefined();
    expect(usageBased.pick(group.slice(0, 2), context({ stats, estimatedTokens: 100 }))?.id).toBe('tight');
  });

  it('ranks by request headroom when only rpm is capped', () => {
    const stats = new MemoryRoutingStats();
    used(stats, 'a', 8, 0);
    used(stats, 'b', 30, 0);
    const group = [
      { id: 'a', rpm: 10 },
      { id: 'b', rpm: 100 },
    ];
    expect(usageBased.pick(group, context({ stats }))?.id).toBe('b');
  });

  it('without caps, picks the fewest tokens used this minute, ties at random', () => {
    const stats = new MemoryRoutingStats();
    used(stats, 'a', 1, 500);
    used(stats, 'b', 9, 100);
    used(stats, 'c', 1, 100);
    const picked = shares(usageBased, [{ id: 'a' }, { id: 'b' }, { id: 'c' }], context({ stats }));
    expect(picked.a).toBe(0);
    expect(picked.b).toBeGreaterThan(0.45);
    expect(picked.b).toBeLessThan(0.55);
  });
});
