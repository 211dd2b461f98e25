import { MemoryRoutingStats } from '../stats/memory-routing-stats';
import { LeastBusy } from './least-busy';
import { context, shares } from './strategy-fixture';

const leastBusy = new LeastBusy();
const group = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];

describe('LeastBusy', () => {
  it('picks the deployment with the fewest calls in flight', () => {
    const stats = new MemoryRoutingStats();
    stats.started('a');
    stats.started('a');
    stats.started('b');
    stats.started('c');
    stats.started('c');
    expect(leastBusy.pick(group, context({ stats }))?.id).toBe('b');
    stats.finished('a', { latencyMs: 1, completionTokens: 1, totalTokens: 2, ok: true });
    stats.finished('a', { latencyMs: 1, completionTokens: 1, totalTokens: 2, ok: false });
    expect(leastBusy.pick(group, context({ stats }))?.id).toBe('a'); // idle now
  });

  it('breaks ties at random', () => {
    const stats = new MemoryRoutingStats();
    stats.started('b');
    const picked = shares(leastBusy, group, context({ stats }));
    expect(picked.b).toBe(0);
    expect(picked.a).toBeGreaterThan(0.45);
    expect(picked.a).toBeLessThan(0.55);
  });
});
