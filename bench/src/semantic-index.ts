/**
 * The semantic cache's vector index at 100,000 entries: build time, query time, recall@1 and
 * memory, for 1536 dimensions (text-embedding-3-small) and 384. A near-duplicate query is a stored
 * vector with noise added, as a rephrased prompt would be; a random query is near nothing.
 *
 *   npm run bench:semantic-index -- [--entries N] [--dimensions 1536,384] [--data uniform|clustered]
 *
 * RSS growth is the process's while the index is built; run one length per process to read it
 * exactly (an earlier index's native memory is freed only when the collector gets to it).
 */
import { VectorIndex } from '@gatehouse/cache';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { markdownTable, mib, ms } from './format';
import { percentile } from './load';
import { packageVersion } from './versions';

const QUERIES = 1_000;
// Noise of 0.15 the vector's length, re-normalised: cosine about 0.99 to the stored vector.
const NOISE = 0.15;

/**
 * `uniform`: random unit vectors, with no structure at all, the worst case for a graph index: its
 * search has nothing to follow until it is next to the answer. `clustered`: each entry about one of
 * TOPICS subjects (cosine about 0.8 to its centre, 0.64 to its neighbours), as prompts' embeddings are.
 */
type Data = 'uniform' | 'clustered';
const TOPICS = 2_000;
const SPREAD = 0.75; // tan(acos(0.8))

interface Result {
  data: Data;
  dimensions: number;
  buildSeconds: number;
  near: Float64Array;
  random: Float64Array;
  recall: number;
  nearSimilarity: number;
  rssMiB: number;
}

/** mulberry32: the same vectors every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function fillUnit(vector: Float32Array, random: () => number): Float32Array {
  for (let i = 0; i < vector.length; i++) vector[i] = random() * 2 - 1;
  return normalise(vector);
}

function normalise(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  for (let i = 0; i < vector.length; i++) vector[i] /= norm;
  return vector;
}

function storedVectors(data: Data, dimensions: number, random: () => number): (into: Float32Array) => void {
  if (data === 'uniform') return (into) => fillUnit(into, random);
  const centres = Array.from({ length: TOPICS }, () => fillUnit(new Float32Array(dimensions), random));
  const noise = new Float32Array(dimensions);
  return (into) => {
    const centre = centres[Math.floor(random() * TOPICS)];
    fillUnit(noise, random);
    for (let i = 0; i < dimensions; i++) into[i] = centre[i] + SPREAD * noise[i];
    normalise(into);
  };
}

function measure(data: Data, dimensions: number, entries: number): Result {
  const random = seeded(dimensions);
  const stored = storedVectors(data, dimensions, random);
  const index = new VectorIndex(dimensions);
  const chosen = new Set<number>();
  while (chosen.size < Math.min(QUERIES, entries)) chosen.add(Math.floor(random() * entries));
  // Only the vectors the near-duplicate queries start from are kept: the index holds its own copy.
  const sources = new Map<number, Float32Array>();
  const rssBefore = process.memoryUsage().rss;
  const vector = new Float32Array(dimensions);
  const buildStarted = performance.now();
  for (let i = 0; i < entries; i++) {
    stored(vector);
    if (chosen.has(i)) sources.set(i, vector.slice());
    index.add(String(i), vector);
  }
  const buildMs = performance.now() - buildStarted;
  const rssMiB = (process.memoryUsage().rss - rssBefore) / 2 ** 20;

  const near: number[] = [];
  let found = 0;
  let similarity = 0;
  const noise = new Float32Array(dimensions);
  for (const [id, source] of sources) {
    fillUnit(noise, random);
    for (let i = 0; i < dimensions; i++) vector[i] = source[i] + NOISE * noise[i];
    normalise(vector);
    const started = performance.now();
    const neighbour = index.nearest(vector);
    near.push(performance.now() - started);
    if (neighbour?.id === String(id)) found++;
    similarity += neighbour?.similarity ?? 0;
  }
  const randomQueries = Array.from({ length: QUERIES }, () => {
    fillUnit(vector, random);
    const started = performance.now();
    index.nearest(vector);
    return performance.now() - started;
  });
  return {
    data,
    dimensions,
    buildSeconds: buildMs / 1000,
    near: Float64Array.from(near).sort(),
    random: Float64Array.from(randomQueries).sort(),
    recall: found / sources.size,
    nearSimilarity: similarity / sources.size,
    rssMiB,
  };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      entries: { type: 'string', default: '100000' },
      dimensions: { type: 'string', default: '1536,384' },
      data: { type: 'string', default: 'uniform' },
    },
  });
  const entries = Number(values.entries);
  const data = values.data;
  if (data !== 'uniform' && data !== 'clustered') throw new Error(`--data is uniform or clustered, not ${data}`);
  const cpu = cpus();
  console.log(
    `usearch ${packageVersion('usearch')}, Node ${process.version}, ${cpu[0]?.model ?? 'unknown CPU'} x${cpu.length}; ` +
      `${entries} entries, ${QUERIES} queries of each kind, one thread\n`,
  );
  const rows = values.dimensions.split(',').map((dimensions) => {
    const result = measure(data, Number(dimensions), entries);
    return [
      result.data,
      String(result.dimensions),
      result.buildSeconds.toFixed(1),
      ms(percentile(result.near, 0.5)),
      ms(percentile(result.near, 0.99)),
      ms(percentile(result.random, 0.5)),
      ms(percentile(result.random, 0.99)),
      result.recall.toFixed(3),
      result.nearSimilarity.toFixed(3),
      mib(result.rssMiB),
    ];
  });
  const columns = [
    'data',
    'dimensions',
    'build s',
    'near-duplicate p50 ms',
    'near-duplicate p99 ms',
    'random p50 ms',
    'random p99 ms',
    'recall@1',
    'mean similarity',
    'RSS growth MiB',
  ].map((title, i) => ({ title, numeric: i > 1 }));
  console.log(markdownTable(columns, rows));
}

main();
