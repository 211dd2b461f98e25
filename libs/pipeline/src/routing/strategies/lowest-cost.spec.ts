import { MemoryRoutingStats } from '../stats/memory-routing-stats';
import { LowestCost } from './lowest-cost';
import { context, shares } from './strategy-fixture';

const lowestCost = new LowestCost();
const price = (inputPerMillion: number, outputPerMillion: number) => ({ inputPerMillion, outputPerMillion });

describe('LowestCost', () => {
  it('picks the deployment with the lowest input plus output price', () => {
    const group = [
      { id: 'a', price: price(1_000_000, 4_000_000) },
      { id: 'b', price: price(3_000_000, 1_500_000) }, // cheaper in all
      { id: 'c', price: price(500_000, 6_000_000) },
    ];
    expect(shares(lowestCost, group, context())).toEqual({ a: 0, b: 1, c: 0 });
  });

  it('breaks ties at random', () => {
    const group = [
      { id: 'a', price: price(1, 1) },
      { id: 'b', price: price(2, 0) },
      { id: 'c', price: price(2, 2) },
    ];
    const picked = shares(lowestCost, group, context());
    expect(picked.c).toBe(0);
    expect(picked.a).toBeGreaterThan(0.45);
    expect(picked.a).toBeLessThan(0.55);
  });

  it('ranks an unpriced deployment after every priced one', () => {
    const group = [{ id: 'unpriced' }, { id: 'dear', price: price(90_000_000, 90_000_000) }];
    expect(lowestCost.pick(group, context())?.id).toBe('dear');
    expect(lowestCost.pick([{ id: 'unpriced' }], context())?.id).toBe('unpriced');
    // As the catalogue hands it over: billed at 0, and flagged so.
    const flagged = [
      { id: 'zero', price: price(0, 0), unpriced: true as const },
      { id: 'dear', price: price(9, 9) },
    ];
    expect(lowestCost.pick(flagged, context())?.id).toBe('dear');
  });

  it('skips the cheapest when its rpm is used up this minute', () => {
    const stats = new MemoryRoutingStats();
    stats.started('cheap');
    const group = [
      { id: 'cheap', rpm: 1, price: price(1, 1) },
      { id: 'dear', price: price(5, 5) },
    ];
    expect(lowestCost.pick(group, context({ stats }))?.id).toBe('dear');
  });
});
