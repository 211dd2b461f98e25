import { VectorIndex } from './vector-index';

function unit(values: number[]): Float32Array {
  const norm = Math.hypot(...values);
  return Float32Array.from(values, (value) => value / norm);
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function randomUnit(dimensions: number, random: () => number): Float32Array {
  return unit(Array.from({ length: dimensions }, () => random() * 2 - 1));
}

function cosine(a: Float32Array, b: Float32Array): number {
  return a.reduce((sum, value, i) => sum + value * b[i], 0);
}

describe('VectorIndex', () => {
  it('finds nothing when empty', () => {
    expect(new VectorIndex(3).nearest(unit([1, 0, 0]))).toBeUndefined();
  });

  it.each([
    ['the same direction', [1, 0, 0], 1],
    ['a right angle', [0, 1, 0], 0],
    ['45 degrees', [1, 1, 0], Math.SQRT1_2],
    ['60 degrees', [1, Math.sqrt(3), 0], 0.5],
    ['the opposite direction', [-1, 0, 0], -1],
  ])('gives the cosine similarity for %s', (_angle, query, similarity) => {
    const index = new VectorIndex(3);
    index.add('x', unit([1, 0, 0]));
    const found = index.nearest(unit(query));
    expect(found?.id).toBe('x');
    expect(found?.similarity).toBeCloseTo(similarity, 3);
  });

  it('answers the exact nearest of a small set, as a full scan does', () => {
    const random = seeded(42);
    const stored = Array.from({ length: 200 }, () => randomUnit(32, random));
    const index = new VectorIndex(32);
    stored.forEach((vector, i) => index.add(`v${i}`, vector));
    expect(index.size).toBe(200);
    for (let q = 0; q < 50; q += 1) {
      const query = randomUnit(32, random);
      const similarities = stored.map((vector) => cosine(vector, query));
      const best = similarities.indexOf(Math.max(...similarities));
      const found = index.nearest(query);
      expect(found?.id).toBe(`v${best}`);
      expect(found?.similarity).toBeCloseTo(similarities[best], 3);
    }
  });

  it('replaces what an id held, and forgets a removed id', () => {
    const index = new VectorIndex(3);
    index.add('a', unit([1, 0, 0]));
    index.add('b', unit([0, 1, 0]));
    index.add('a', unit([0, 0, 1]));
    expect(index.size).toBe(2);
    expect(index.nearest(unit([1, 0, 0.1]))?.id).toBe('a');
    expect(index.nearest(unit([1, 0, 0.1]))?.similarity).toBeCloseTo(0.0995, 3);

    expect(index.remove('a')).toBe(true);
    expect(index.remove('a')).toBe(false);
    expect(index.size).toBe(1);
    expect(index.nearest(unit([0, 0, 1]))?.id).toBe('b');
    index.remove('b');
    expect(index.nearest(unit([0, 0, 1]))).toBeUndefined();
  });

  it('refuses vectors of another length', () => {
    const index = new VectorIndex(3);
    expect(() => index.add('a', new Float32Array(4))).toThrow('a vector of 4 dimensions, but this index holds 3');
    expect(() => index.nearest(new Float32Array(2))).toThrow('a vector of 2 dimensions, but this index holds 3');
    expect(index.size).toBe(0);
  });

  it.each([0, -1, 1.5])('refuses %s dimensions', (dimensions) => {
    expect(() => new VectorIndex(dimensions)).toThrow('dimensions must be a positive integer');
  });
});
