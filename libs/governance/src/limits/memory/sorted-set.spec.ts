import { SortedSet } from './sorted-set';

function setOf(...entries: [string, number][]): SortedSet {
  const set = new SortedSet();
  for (const [member, score] of entries) set.add(member, score);
  return set;
}

describe('SortedSet', () => {
  it('ranks by score, and members of equal score by name', () => {
    const set = setOf(['c', 2], ['b', 1], ['a', 2], ['d', -1]);
    expect(set.rangeByScore(-Infinity, Infinity)).toEqual(['d', 'b', 'a', 'c']);
    expect(set.first()).toEqual({ member: 'd', score: -1 });
    expect(set.size).toBe(4);
  });

  it('moves a member re-added with a new score, and reports only new members as added', () => {
    const set = setOf(['a', 1], ['b', 2]);
    expect(set.add('a', 3)).toBe(false);
    expect(set.add('a', 3)).toBe(false);
    expect(set.add('c', 0)).toBe(true);
    expect(set.rangeByScore(-Infinity, Infinity)).toEqual(['c', 'b', 'a']);
    expect(set.size).toBe(3);
  });

  it('reads and removes score ranges with both ends included', () => {
    const set = setOf(['a', 1], ['b', 2], ['c', 3], ['d', 4]);
    expect(set.rangeByScore(2, 3)).toEqual(['b', 'c']);
    expect(set.rangeByScore(5, 9)).toEqual([]);
    expect(set.rangeByScore(3, 2)).toEqual([]);
    expect(set.removeRangeByScore(3, 2)).toBe(0);
    expect(set.removeRangeByScore(-Infinity, 2)).toBe(2);
    expect(set.rangeByScore(-Infinity, Infinity)).toEqual(['c', 'd']);
    expect(set.add('a', 1)).toBe(true);
  });

  it('removes one member by name, and nothing for a stranger', () => {
    const set = setOf(['a', 1], ['b', 1], ['c', 1]);
    expect(set.remove('b')).toBe(true);
    expect(set.remove('b')).toBe(false);
    expect(set.rangeByScore(1, 1)).toEqual(['a', 'c']);
    expect(set.remove('a') && set.remove('c')).toBe(true);
    expect(set.first()).toBeUndefined();
    expect(set.size).toBe(0);
  });
});
