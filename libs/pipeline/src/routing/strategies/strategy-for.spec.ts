import { MemoryRoutingStats } from '../stats/memory-routing-stats';
import { LeastBusy } from './least-busy';
import { LowestCost } from './lowest-cost';
import { LowestLatency } from './lowest-latency';
import { SimpleShuffle } from './simple-shuffle';
import { strategyFor } from './strategy-for';
import { context, shares } from './strategy-fixture';
import { UsageBased } from './usage-based';

describe('strategyFor', () => {
  it.each([
    ['simple-shuffle', SimpleShuffle],
    ['least-busy', LeastBusy],
    ['latency-based-routing', LowestLatency],
    ['usage-based-routing', UsageBased],
    ['usage-based-routing-v2', UsageBased],
    ['cost-based-routing', LowestCost],
  ] as const)('makes %s a %p', (name, kind) => {
    expect(strategyFor(name)).toBeInstanceOf(kind);
  });

  it("defaults to LiteLLM's simple-shuffle", () => {
    expect(strategyFor(undefined)).toBeInstanceOf(SimpleShuffle);
  });

  it('passes lowest_latency_buffer on to latency-based routing', () => {
    const stats = new MemoryRoutingStats();
    stats.finished('a', { latencyMs: 100, completionTokens: 1, totalTokens: 2, ok: true });
    stats.finished('b', { latencyMs: 120, completionTokens: 1, totalTokens: 2, ok: true });
    const group = [{ id: 'a' }, { id: 'b' }];
    expect(shares(strategyFor('latency-based-routing'), group, context({ stats })).b).toBe(0);
    const buffered = strategyFor('latency-based-routing', { lowest_latency_buffer: 0.25 });
    expect(shares(buffered, group, context({ stats })).b).toBeGreaterThan(0.4);
  });
});
