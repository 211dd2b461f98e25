import { DEFAULT_LATENCY_TTL_MS } from './latency-window';
import { MemoryRoutingStats } from './memory-routing-stats';
import { describeRoutingStatsContract, ok } from './routing-stats.contract';

describeRoutingStatsContract('MemoryRoutingStats', (options) =>
  Promise.resolve({
    stats: new MemoryRoutingStats(options),
    sync: () => Promise.resolve(),
    close: () => Promise.resolve(),
  }),
);

describe('MemoryRoutingStats', () => {
  it("forgets a deployment's latency an hour after its newest sample, so it is tried afresh", () => {
    let now = 1_000_000;
    const stats = new MemoryRoutingStats({ now: () => now });
    stats.finished('a', ok(1_000, 10));
    now += DEFAULT_LATENCY_TTL_MS / 2;
    stats.finished('a', ok(3_000, 10));
    now += DEFAULT_LATENCY_TTL_MS - 1;
    expect(stats.latency('a', false)).toBe(200);
    now += 1;
    expect(stats.latency('a', false)).toBeUndefined();
    stats.finished('a', ok(500, 10));
    expect(stats.latency('a', false)).toBe(50); // the expired samples do not come back
  });

  it('keeps ten samples by default', () => {
    const stats = new MemoryRoutingStats();
    for (let i = 1; i <= 12; i += 1) stats.finished('a', ok(i, 1));
    expect(stats.latency('a', false)).toBe((3 + 12) / 2);
  });
});
