import type { IncomingHttpHeaders } from 'node:http';
import { invalidRequest } from './errors';

/** Behaviour switches for one request. See README.md for what each does. */
export interface FakeKnobs {
  /** Delay before the response headers. */
  latencyMs: number;
  /** Content chunks per choice in a stream. */
  chunks: number;
  /** Delay between streamed chunks. */
  chunkDelayMs: number;
  /** Force this HTTP status with OpenAI's error JSON for it. */
  status?: number;
  /** Seconds sent in `retry-after` with a forced 429. */
  retryAfter: number;
  /** Stream the role chunk and this many content chunks, then stall without ending. */
  stallAfterChunks?: number;
  /** Send nothing for this long, then drop the connection. */
  hangMs?: number;
  /** Never respond; the request stays open until the client gives up or the server closes. */
  timeout: boolean;
  /** Reply text instead of the echo of the last user message. */
  content?: string;
  /** Arguments (a JSON string) of a forced tool call instead of the schema-shaped sample. */
  toolArguments?: string;
  /** Answer chat with OpenAI's 400 `context_length_exceeded`. */
  contextOverflow?: boolean;
  /** Answer chat with OpenAI's 400 `content_policy_violation`. */
  contentFilter?: boolean;
  /** Embeddings from the input's words, so texts that share words are similar (for semantic caches). */
  wordEmbeddings?: boolean;
  promptTokens?: number;
  completionTokens?: number;
  cachedTokens?: number;
  reasoningTokens?: number;
}

export const DEFAULT_KNOBS: Readonly<FakeKnobs> = Object.freeze({
  latencyMs: 0,
  chunks: 5,
  chunkDelayMs: 0,
  retryAfter: 1,
  timeout: false,
});

type KnobKind = 'int' | 'bool' | 'string';

// Record over keyof forces every knob to have a parser.
const KNOB_KINDS: Readonly<Record<keyof FakeKnobs, KnobKind>> = {
  latencyMs: 'int',
  chunks: 'int',
  chunkDelayMs: 'int',
  status: 'int',
  retryAfter: 'int',
  stallAfterChunks: 'int',
  hangMs: 'int',
  timeout: 'bool',
  content: 'string',
  toolArguments: 'string',
  contextOverflow: 'bool',
  contentFilter: 'bool',
  wordEmbeddings: 'bool',
  promptTokens: 'int',
  completionTokens: 'int',
  cachedTokens: 'int',
  reasoningTokens: 'int',
};

const HEADER_PREFIX = 'x-fake-';
const PATH_PREFIX = '/knobs/';

export interface KnobPath {
  /** The path with any `/knobs/<spec>` prefix removed. */
  path: string;
  /** The `<spec>` part, e.g. `status=500,latencyMs=5`. */
  spec: string | undefined;
}

/** Splits `/knobs/status=500,latencyMs=5/v1/chat/completions` into the spec and the real path. */
export function stripKnobPrefix(path: string): KnobPath {
  if (!path.startsWith(PATH_PREFIX)) return { path, spec: undefined };
  const end = path.indexOf('/', PATH_PREFIX.length);
  if (end === -1) return { path: '/', spec: path.slice(PATH_PREFIX.length) };
  return { path: path.slice(end), spec: path.slice(PATH_PREFIX.length, end) };
}

/** Parses `status=500,latencyMs=5`; keys may be camelCase or kebab-case, values are percent-decoded. */
export function parseKnobSpec(spec: string | undefined): Partial<FakeKnobs> | undefined {
  if (spec === undefined) return undefined;
  const overrides: Partial<FakeKnobs> = {};
  for (const pair of spec.split(',')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = eq === -1 ? pair : pair.slice(0, eq);
    const raw = eq === -1 ? 'true' : pair.slice(eq + 1);
    setKnob(overrides, toCamel(decode(name)), decode(raw), `path knob '${name}'`);
  }
  return overrides;
}

/** Reads `x-fake-<kebab-knob>` headers, e.g. `x-fake-latency-ms: 20`. */
export function knobsFromHeaders(headers: IncomingHttpHeaders): Partial<FakeKnobs> | undefined {
  let overrides: Partial<FakeKnobs> | undefined;
  for (const name in headers) {
    if (!name.startsWith(HEADER_PREFIX)) continue;
    const value = headers[name];
    if (typeof value !== 'string') continue;
    overrides ??= {};
    setKnob(overrides, toCamel(name.slice(HEADER_PREFIX.length)), value, `header '${name}'`);
  }
  return overrides;
}

/** Later layers win: server defaults, then the path prefix, then headers. */
export function resolveKnobs(
  defaults: Readonly<FakeKnobs>,
  fromPath: Partial<FakeKnobs> | undefined,
  fromHeaders: Partial<FakeKnobs> | undefined,
): Readonly<FakeKnobs> {
  if (fromPath === undefined && fromHeaders === undefined) return defaults;
  return { ...defaults, ...fromPath, ...fromHeaders };
}

/** Checks knobs given as code (server defaults), which skip the string parsing. */
export function validateKnobs(knobs: Partial<FakeKnobs>): void {
  for (const name of Object.keys(knobs)) {
    if (!isKnob(name)) throw new Error(`fake-upstream: unknown knob '${name}'`);
  }
  if (knobs.status !== undefined && !isErrorStatus(knobs.status)) {
    throw new Error(`fake-upstream: status knob must be 400-599, got ${knobs.status}`);
  }
}

function setKnob(target: Partial<FakeKnobs>, name: string, raw: string, where: string): void {
  if (!isKnob(name)) throw invalidRequest(`Unknown fake-upstream ${where}.`, name);
  const kind = KNOB_KINDS[name];
  if (kind === 'string') {
    Object.assign(target, { [name]: raw });
    return;
  }
  if (kind === 'bool') {
    if (raw !== 'true' && raw !== 'false' && raw !== '1' && raw !== '0') throw badValue(where, raw);
    Object.assign(target, { [name]: raw === 'true' || raw === '1' });
    return;
  }
  const value = Number(raw);
  if (raw === '' || !Number.isInteger(value) || value < 0) throw badValue(where, raw);
  if (name === 'status' && !isErrorStatus(value)) throw badValue(where, raw);
  Object.assign(target, { [name]: value });
}

function isErrorStatus(status: number): boolean {
  return status >= 400 && status <= 599;
}

function isKnob(name: string): name is keyof FakeKnobs {
  return Object.hasOwn(KNOB_KINDS, name);
}

function badValue(where: string, raw: string): Error {
  return invalidRequest(`Invalid value '${raw}' for fake-upstream ${where}.`);
}

function toCamel(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function decode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
