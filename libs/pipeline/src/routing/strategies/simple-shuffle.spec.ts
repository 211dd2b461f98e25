import { SimpleShuffle } from './simple-shuffle';
import { context, shares } from './strategy-fixture';

const shuffle = new SimpleShuffle();

describe('SimpleShuffle', () => {
  it('picks by weight: 70/30 within a few points over 1,000 picks', () => {
    const picked = shares(
      shuffle,
      [
        { id: 'a', weight: 7 },
        { id: 'b', weight: 3 },
      ],
      context(),
    );
    expect(picked.a).toBeGreaterThan(0.67);
    expect(picked.a).toBeLessThan(0.73);
  });

  it('uses rpm as the weight when no deployment has a weight', () => {
    const picked = shares(
      shuffle,
      [
        { id: 'a', rpm: 900 },
        { id: 'b', rpm: 100 },
      ],
      context(),
    );
    expect(picked.a).toBeGreaterThan(0.87);
    expect(picked.a).toBeLessThan(0.93);
  });

  it('uses tpm when there is neither weight nor rpm', () => {
    const picked = shares(
      shuffle,
      [
        { id: 'a', tpm: 1_000 },
        { id: 'b', tpm: 3_000 },
      ],
      context(),
    );
    expect(picked.b).toBeGreaterThan(0.71);
    expect(picked.b).toBeLessThan(0.79);
  });

  it('lets a weight on any deployment decide, a deployment without one counting 0', () => {
    const picked = shares(
      shuffle,
      [
        { id: 'a', rpm: 1_000 },
        { id: 'b', weight: 1, rpm: 1 },
      ],
      context(),
    );
    expect(picked).toEqual({ a: 0, b: 1 });
  });

  it('picks uniformly without weight, rpm or tpm, or when every weight is 0', () => {
    for (const group of [
      [{ id: 'a' }, { id: 'b' }],
      [
        { id: 'a', weight: 0 },
        { id: 'b', weight: 0 },
      ],
    ]) {
      const picked = shares(shuffle, group, context());
      expect(picked.a).toBeGreaterThan(0.45);
      expect(picked.a).toBeLessThan(0.55);
    }
  });

  it('never picks a weight of 0 beside a positive one, even at the top of the range', () => {
    const group = [
      { id: 'a', weight: 1 },
      { id: 'b', weight: 0 },
    ];
    expect(shuffle.pick(group, context({ random: () => 0.999_999_999_999 }))?.id).toBe('a');
    expect(shuffle.pick(group, context({ random: () => 0 }))?.id).toBe('a');
  });

  it('returns the only candidate, and nothing for none', () => {
    expect(shuffle.pick([{ id: 'a' }], context())?.id).toBe('a');
    expect(shuffle.pick([], context())).toBeUndefined();
  });
});
