import type { IncomingHttpHeaders } from 'node:http';
import { invalidRequest } from './errors';

/** Behaviour switches for one request; see README.md. */
export interface AnthropicKnobs {
  latencyMs: number;
  /** Deltas per content block in a stream. */
  chunks: number;
  chunkDelayMs: number;
  /** Answer with this status and Anthropic's error body for it. */
  status?: number;
  /** `retry-after` seconds on a forced 429. */
  retryAfter: number;
  /** Stream through this many content deltas, then stall without ending. */
  stallAfterChunks?: number;
  /** After the first content delta, send an `error` event of this type and end the stream. */
  streamError?: string;
  /** Prompts with more (approximate) tokens get Anthropic's "prompt is too long" 400. */
  contextWindow: number;
  /** Reply text instead of the echo. */
  content?: string;
  /** Forces the stop_reason (e.g. `refusal`). */
  stopReason?: string;
  cacheReadTokens: number;
  cacheCreationTokens: number;
}

export const DEFAULT_ANTHROPIC_KNOBS: Readonly<AnthropicKnobs> = Object.freeze({
  latencyMs: 0,
  chunks: 3,
  chunkDelayMs: 0,
  retryAfter: 1,
  contextWindow: 200_000,
  cacheReadTokens: 0,
  cacheCreationTokens: 0,
});

const KINDS: Readonly<Record<keyof AnthropicKnobs, 'int' | 'string'>> = {
  latencyMs: 'int',
  chunks: 'int',
  chunkDelayMs: 'int',
  status: 'int',
  retryAfter: 'int',
  stallAfterChunks: 'int',
  streamError: 'string',
  contextWindow: 'int',
  content: 'string',
  stopReason: 'string',
  cacheReadTokens: 'int',
  cacheCreationTokens: 'int',
};

const PATH_PREFIX = '/knobs/';
const HEADER_PREFIX = 'x-fake-';

/** `/knobs/status=429,retryAfter=7/v1/messages` → the spec and `/v1/messages`. */
export function splitKnobPath(path: string): { path: string; spec?: string } {
  if (!path.startsWith(PATH_PREFIX)) return { path };
  const end = path.indexOf('/', PATH_PREFIX.length);
  if (end === -1) return { path: '/', spec: path.slice(PATH_PREFIX.length) };
  return { path: path.slice(end), spec: path.slice(PATH_PREFIX.length, end) };
}

/** Defaults, then the path spec, then `x-fake-*` headers; an unknown knob or bad value is a 400. */
export function resolveKnobs(
  defaults: Readonly<AnthropicKnobs>,
  spec: string | undefined,
  headers: IncomingHttpHeaders,
): AnthropicKnobs {
  const knobs: AnthropicKnobs = { ...defaults };
  for (const pair of (spec ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    set(knobs, eq === -1 ? pair : pair.slice(0, eq), eq === -1 ? 'true' : decode(pair.slice(eq + 1)));
  }
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(HEADER_PREFIX) && typeof value === 'string') {
      set(
        knobs,
        name.slice(HEADER_PREFIX.length).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()),
        value,
      );
    }
  }
  return knobs;
}

function set(knobs: AnthropicKnobs, name: string, raw: string): void {
  if (!Object.hasOwn(KINDS, name)) throw invalidRequest(`unknown fake-anthropic knob '${name}'`);
  const key = name as keyof AnthropicKnobs;
  if (KINDS[key] === 'string') {
    Object.assign(knobs, { [key]: raw });
    return;
  }
  const value = Number(raw);
  const badStatus = key === 'status' && (value < 400 || value > 599);
  if (raw === '' || !Number.isInteger(value) || value < 0 || badStatus) {
    throw invalidRequest(`invalid value '${raw}' for fake-anthropic knob '${name}'`);
  }
  Object.assign(knobs, { [key]: value });
}

function decode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
