import { FinishedCall } from '../stats/routing-stats';
import { MemoryRoutingStats } from '../stats/memory-routing-stats';
import { LowestLatency } from './lowest-latency';
import { context, shares } from './strategy-fixture';

function served(stats: MemoryRoutingStats, id: string, msPerToken: number, firstTokenMs?: number): void {
  const call: FinishedCall = { latencyMs: msPerToken * 10, completionTokens: 10, totalTokens: 20, ok: true };
  stats.finished(id, { ...call, timeToFirstTokenMs: firstTokenMs });
}

describe('LowestLatency', () => {
  it('picks the deployment with the lowest average latency per output token', () => {
    const stats = new MemoryRoutingStats();
    served(stats, 'a', 40);
    served(stats, 'b', 25);
    served(stats, 'b', 35); // 30 on average
    served(stats, 'c', 90);
    expect(shares(new LowestLatency(), [{ id: 'a' }, { id: 'b' }, { id: 'c' }], context({ stats }))).toEqual({
      a: 0,
      b: 1,
      c: 0,
    });
  });

  it('ranks streams by time to first token', () => {
    const stats = new MemoryRoutingStats();
    served(stats, 'a', 10, 900);
    served(stats, 'b', 50, 200);
    const group = [{ id: 'a' }, { id: 'b' }];
    expect(new LowestLatency().pick(group, context({ stats, stream: true }))?.id).toBe('b');
    expect(new LowestLatency().pick(group, context({ stats, stream: false }))?.id).toBe('a');
  });

  it('spreads picks among deployments within the buffer of the fastest, and none beyond it', () => {
    const stats = new MemoryRoutingStats();
    served(stats, 'a', 100);
    served(stats, 'b', 140);
    served(stats, 'c', 160);
    const group = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const picked = shares(new LowestLatency(0.5), group, context({ stats }));
    expect(picked.c).toBe(0);
    expect(picked.a).toBeGreaterThan(0.45);
    expect(picked.a).toBeLessThan(0.55);
    expect(shares(new LowestLatency(0), group, context({ stats })).a).toBe(1);
  });

  it('tries a deployment without samples first', () => {
    const stats = new MemoryRoutingStats();
    served(stats, 'a', 1);
    expect(new LowestLatency(0.5).pick([{ id: 'a' }, { id: 'new' }], context({ stats }))?.id).toBe('new');
  });

  it('skips a deployment whose rpm or tpm is used up this minute; nothing when all are', () => {
    const stats = new MemoryRoutingStats();
    served(stats, 'a', 10);
    served(stats, 'b', 50);
    stats.started('a');
    const group = [
      { id: 'a', rpm: 1 },
      { id: 'b', tpm: 1_000 },
    ];
    expect(new LowestLatency().pick(group, context({ stats }))?.id).toBe('b');
    expect(new LowestLatency().pick(group, context({ stats, estimatedTokens: 981 }))).toBeUndefined();
  });
});
