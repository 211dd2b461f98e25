import { GatewayFailure } from '@gatehouse/errors';
import { MOST_REQUEST_RETRIES } from './resilience/resilience-settings';

/** `cache` in a request body, as LiteLLM reads it. */
export interface CacheDirectives {
  noCache?: boolean;
  noStore?: boolean;
  ttlSeconds?: number;
  /** With `mode: default_off`, the request's opt-in. */
  useCache?: boolean;
}

/** Request fields that steer the gateway and are never sent to a provider. */
export interface GatewayFields {
  tags?: readonly string[];
  numRetries?: number;
  fallbacks?: readonly string[];
  cache?: CacheDirectives;
  /** Guardrails this call adds to those that already apply. */
  guardrails?: readonly string[];
}

const NAMES = ['tags', 'num_retries', 'fallbacks', 'cache', 'guardrails'] as const;
/** A request's own guardrails: more than this is a typo or abuse, not a policy. */
const MOST_REQUEST_GUARDRAILS = 16;
/** A request's own fallbacks, each a model group tried with its own retries. */
const MOST_REQUEST_FALLBACKS = 5;
/** Thirty days: longer would keep one caller's answer in a shared store for good. */
const MOST_CACHE_TTL_SECONDS = 30 * 24 * 3600;
const NONE: GatewayFields = {};

/**
 * Splits the gateway's own fields from what the provider gets. Most requests carry none: then the
 * same request object comes back and nothing is allocated. A malformed field is a 400 naming it.
 */
export function splitGatewayFields<R extends object>(request: R): { request: R; fields: GatewayFields } {
  if (!NAMES.some((name) => name in request)) return { request, fields: NONE };
  const { tags, num_retries: numRetries, fallbacks, cache, guardrails, ...rest } = request as Record<string, unknown>;
  const fields: GatewayFields = {};
  if (tags != null) fields.tags = stringList(tags, 'tags');
  if (fallbacks != null) fields.fallbacks = stringList(fallbacks, 'fallbacks', MOST_REQUEST_FALLBACKS);
  if (numRetries != null) {
    if (!Number.isInteger(numRetries) || (numRetries as number) < 0 || (numRetries as number) > MOST_REQUEST_RETRIES)
      throw bad('num_retries', `an integer from 0 to ${MOST_REQUEST_RETRIES}`);
    fields.numRetries = numRetries as number;
  }
  if (cache != null) fields.cache = cacheDirectives(cache);
  if (guardrails != null) fields.guardrails = stringList(guardrails, 'guardrails', MOST_REQUEST_GUARDRAILS);
  return { request: rest as R, fields };
}

function stringList(value: unknown, param: string, most = 64): string[] {
  if (
    !Array.isArray(value) ||
    value.length > most ||
    !value.every((item) => typeof item === 'string' && item.length > 0 && item.length <= 256)
  )
    throw bad(param, `a list of at most ${most} non-empty strings`);
  return value as string[];
}

function cacheDirectives(value: unknown): CacheDirectives {
  if (typeof value !== 'object' || Array.isArray(value) || value === null) throw bad('cache', 'an object');
  const given = value as Record<string, unknown>;
  const flag = (name: string) => {
    const flagValue = given[name];
    if (flagValue === undefined) return undefined;
    if (typeof flagValue !== 'boolean') throw bad(`cache.${name}`, 'true or false');
    return flagValue;
  };
  const ttl = given.ttl;
  if (ttl !== undefined && (typeof ttl !== 'number' || !(ttl >= 1 && ttl <= MOST_CACHE_TTL_SECONDS)))
    throw bad('cache.ttl', `a number of seconds from 1 to ${MOST_CACHE_TTL_SECONDS}`);
  return { noCache: flag('no-cache'), noStore: flag('no-store'), useCache: flag('use-cache'), ttlSeconds: ttl };
}

function bad(param: string, expected: string): GatewayFailure {
  return new GatewayFailure('bad_request', `${param}: expected ${expected}`, { param });
}
