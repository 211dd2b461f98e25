import { createHash } from 'node:crypto';

export type CacheableRoute = 'chat.completions' | 'completions' | 'embeddings' | 'messages';

export interface ResponseCacheKeyInput {
  /** Whose answers a hit may reuse (a team, a key, or one shared space). */
  namespace: string;
  route: CacheableRoute;
  /** The resolved model group, so aliases of one group share entries. */
  model: string;
  /** The request body as received. */
  request: Record<string, unknown>;
}

/** Bumped whenever the hashed material changes, so old entries are never read as new ones. */
const KEY_VERSION = 'v1';

/**
 * Top-level fields that do not change the answer. `stream` is here because `false` and absent mean
 * the same (callers keep streamed and whole answers in namespaces of their own); `model` because
 * the resolved group replaces it. Any other field, known or not, is hashed: a missed hit costs less
 * than a wrong answer.
 */
const IGNORED_FIELDS: ReadonlySet<string> = new Set([
  'model',
  'stream',
  'stream_options',
  'user',
  'metadata',
  'cache',
  'guardrails',
  'tags',
  'store',
  'extra_headers',
]);

/** The exact-match cache key of a request: `v1:` and a sha256 hex of its canonical JSON. */
export function responseCacheKey({ namespace, route, model, request }: ResponseCacheKeyInput): string {
  const fields = Object.fromEntries(Object.entries(request).filter(([name]) => !IGNORED_FIELDS.has(name)));
  const material = JSON.stringify([namespace, route, model, fields], sortedKeys);
  return `${KEY_VERSION}:${createHash('sha256').update(material).digest('hex')}`;
}

/**
 * JSON.stringify replacer writing every object's keys in sorted order; arrays keep theirs. Integer-like
 * keys (`logit_bias`) still come first in ascending order, as in any JS object: just as stable.
 */
function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)));
}
