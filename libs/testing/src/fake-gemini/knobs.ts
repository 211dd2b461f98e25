import { invalidArgument } from './errors';

/** Behaviour switches, set per server or by a `/knobs/<spec>` path prefix an api_base can carry. */
export interface FakeGeminiKnobs {
  /** Answer with this HTTP status and Google's error JSON for it (after validation). */
  status?: number;
  /** Seconds in RetryInfo and retry-after on a forced 429. */
  retryAfter: number;
  /** Answer 400 INVALID_ARGUMENT with the input-token-limit message. */
  contextOverflow: boolean;
  /** Text pieces in a stream. */
  chunks: number;
  /** Stream this many frames, then stall without ending. */
  stallAfterChunks?: number;
}

export const DEFAULT_GEMINI_KNOBS: Readonly<FakeGeminiKnobs> = Object.freeze({
  retryAfter: 1,
  contextOverflow: false,
  chunks: 3,
});

const INTEGER_KNOBS = ['status', 'retryAfter', 'chunks', 'stallAfterChunks'] as const;
const PREFIX = '/knobs/';

/** Splits `/knobs/status=429,retryAfter=7/v1beta/...` into knobs and the real path. */
export function knobsFromPath(
  path: string,
  defaults: Readonly<FakeGeminiKnobs>,
): { path: string; knobs: FakeGeminiKnobs } {
  if (!path.startsWith(PREFIX)) return { path, knobs: { ...defaults } };
  const end = path.indexOf('/', PREFIX.length);
  const spec = end === -1 ? path.slice(PREFIX.length) : path.slice(PREFIX.length, end);
  const knobs: FakeGeminiKnobs = { ...defaults };
  for (const pair of spec.split(',').filter(Boolean)) {
    const [name, raw = 'true'] = pair.split('=');
    if (name === 'contextOverflow') knobs.contextOverflow = raw === 'true' || raw === '1';
    else if ((INTEGER_KNOBS as readonly string[]).includes(name) && /^\d+$/.test(raw)) {
      knobs[name as (typeof INTEGER_KNOBS)[number]] = Number(raw);
    } else throw invalidArgument(`fake-gemini: unknown knob or bad value '${pair}'`);
  }
  return { path: end === -1 ? '/' : path.slice(end), knobs };
}
