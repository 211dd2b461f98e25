import { invalidRequest, invalidType, missingParameter } from './errors';
import { optionalInteger, requireModel } from './chat-request';
import { show, type JsonObject } from './json';
import type { FakeKnobs } from './knobs';
import { countTokens } from './tokens';

export const DEFAULT_EMBEDDING_DIMENSIONS = 16;
const MAX_INPUTS = 2048;

type EmbeddingInput = { key: string; tokens: number };

/** Handles `POST /v1/embeddings`; returns the response JSON. */
export function createEmbeddings(body: JsonObject, knobs: Readonly<FakeKnobs>): string {
  const model = requireModel(body);
  const inputs = parseInputs(body.input);
  const format = body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') {
    throw invalidRequest(
      `Invalid value: '${show(format)}'. Supported values are: 'float' and 'base64'.`,
      'encoding_format',
      'invalid_value',
    );
  }
  const dimensions = optionalInteger(body, 'dimensions', 1, 4096) ?? DEFAULT_EMBEDDING_DIMENSIONS;
  let tokens = 0;
  const data = inputs.map((input, index) => {
    tokens += input.tokens;
    const vector = (knobs.wordEmbeddings ? wordEmbedding : fakeEmbedding)(input.key, dimensions);
    return { object: 'embedding', index, embedding: format === 'base64' ? toBase64(vector) : Array.from(vector) };
  });
  const promptTokens = knobs.promptTokens ?? tokens;
  return JSON.stringify({
    object: 'list',
    data,
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });
}

/**
 * A unit-length vector seeded from the input text (FNV-1a, then mulberry32), rounded to float32
 * so the float and base64 encodings of one input decode to identical numbers.
 */
export function fakeEmbedding(input: string, dimensions = DEFAULT_EMBEDDING_DIMENSIONS): Float32Array {
  let seed = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) seed = Math.imul(seed ^ input.charCodeAt(i), 0x01000193);
  const raw = new Float64Array(dimensions);
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    raw[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
    norm += raw[i] * raw[i];
  }
  const scale = norm === 0 ? 0 : 1 / Math.sqrt(norm);
  return Float32Array.from(raw, (value) => value * scale);
}

/**
 * A unit-length bag of words: each lower-cased word adds ±1 to a dimension chosen by its hash, so
 * the cosine similarity of two texts grows with the words they share, as a real model's would with
 * their meaning.
 */
export function wordEmbedding(input: string, dimensions = DEFAULT_EMBEDDING_DIMENSIONS): Float32Array {
  const sums = new Float64Array(dimensions);
  for (const word of input.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193);
    sums[(hash >>> 1) % dimensions] += hash & 1 ? 1 : -1;
  }
  const norm = Math.hypot(...sums);
  return Float32Array.from(sums, (value) => (norm === 0 ? 0 : value / norm));
}

/** OpenAI's base64 encoding: the float32 values, little-endian, back to back. */
function toBase64(vector: Float32Array): string {
  const buffer = Buffer.allocUnsafe(vector.length * 4);
  vector.forEach((value, i) => buffer.writeFloatLE(value, i * 4));
  return buffer.toString('base64');
}

function parseInputs(input: unknown): EmbeddingInput[] {
  if (input === undefined || input === null) throw missingParameter('input');
  if (typeof input === 'string') return [textInput(input)];
  if (!Array.isArray(input)) throw invalidType('input', 'one of a string or array', input);
  if (input.length === 0 || input.length > MAX_INPUTS) throw invalidInput();
  const items = input as unknown[];
  if (items.every((item) => typeof item === 'number')) return [tokenInput(items)];
  return items.map((item) => {
    if (typeof item === 'string') return textInput(item);
    if (Array.isArray(item) && item.length > 0 && (item as unknown[]).every((t) => typeof t === 'number')) {
      return tokenInput(item as number[]);
    }
    throw invalidInput();
  });
}

function textInput(text: string): EmbeddingInput {
  if (text === '') throw invalidInput();
  return { key: text, tokens: countTokens(text) };
}

function tokenInput(tokens: number[]): EmbeddingInput {
  if (tokens.length === 0 || !tokens.every((t) => Number.isInteger(t) && t >= 0)) throw invalidInput();
  return { key: tokens.join(','), tokens: tokens.length };
}

function invalidInput(): Error {
  return invalidRequest(
    "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
    'input',
  );
}
