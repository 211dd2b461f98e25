import { CacheableRoute, responseCacheKey, ResponseCacheStore } from '@gatehouse/cache';
import { common } from '@gatehouse/contracts';
import { GatewayConfig } from '@gatehouse/config';
import type { Logger } from '@gatehouse/logging';
import { CacheDirectives } from '../gateway-fields';

/** LiteLLM keeps an answer ten minutes unless `ttl` says otherwise. */
const DEFAULT_TTL_SECONDS = 600;
const OUTAGE_LOG_INTERVAL_MS = 10_000;

const CALL_TYPES: Record<string, readonly CacheableRoute[]> = {
  completion: ['chat.completions', 'messages'],
  acompletion: ['chat.completions', 'messages'],
  text_completion: ['completions'],
  atext_completion: ['completions'],
  embedding: ['embeddings'],
  aembedding: ['embeddings'],
};

export interface CacheSettings {
  mode: 'default_on' | 'default_off';
  ttlMs: number;
  namespace: string;
  namespaceBy: 'team' | 'key' | 'none';
  routes: ReadonlySet<CacheableRoute>;
}

/** Undefined unless `litellm_settings.cache` is on, as in LiteLLM. */
export function cacheSettingsFrom(config: GatewayConfig): CacheSettings | undefined {
  const { cache, cache_params: params = {} } = config.litellmSettings;
  if (cache !== true) return undefined;
  const types = params.supported_call_types ?? Object.keys(CALL_TYPES);
  return {
    mode: params.mode ?? 'default_on',
    ttlMs: Math.round((params.ttl ?? DEFAULT_TTL_SECONDS) * 1000),
    namespace: params.namespace ?? '',
    namespaceBy: config.gatehouse.cache.namespace_by,
    routes: new Set(types.flatMap((type) => CALL_TYPES[type])),
  };
}

/** One request's use of the cache: its key, and whether it may read and write. */
export interface CachePlan {
  key: string;
  read: boolean;
  write: boolean;
  ttlMs: number;
}

export interface CacheRequest {
  principal: common.Principal;
  route: CacheableRoute;
  model: string;
  stream: boolean;
  request: object;
  /** The request's tags: with tag filtering they choose the deployment, so they are part of the key. */
  tags?: readonly string[];
  directives?: CacheDirectives;
  /** The request's `Cache-Control` header. */
  cacheControl?: string;
}

/**
 * The exact-match response cache on the request path. Answers are shared within a namespace (a
 * team by default, so one team never reads another's answers); a store that cannot answer is a
 * miss, logged at most once per interval, and never fails the request.
 */
export class ResponseCacheStage {
  private lastOutageLogMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: ResponseCacheStore,
    private readonly settings: CacheSettings,
    private readonly logger: Logger,
  ) {}

  /** Undefined when this request neither reads nor writes the cache. */
  plan(call: CacheRequest): CachePlan | undefined {
    if (!this.settings.routes.has(call.route)) return undefined;
    const { directives = {} } = call;
    const cacheControl = call.cacheControl?.toLowerCase() ?? '';
    const optedIn = this.settings.mode === 'default_on' || directives.useCache === true;
    const read = optedIn && !directives.noCache && !cacheControl.includes('no-cache');
    const write = optedIn && !directives.noStore && !cacheControl.includes('no-store');
    if (!read && !write) return undefined;
    const key = responseCacheKey({
      namespace: this.namespaceOf(call.principal, call.stream, call.tags),
      route: call.route,
      model: call.model,
      request: call.request as Record<string, unknown>,
    });
    const ttlMs = directives.ttlSeconds !== undefined ? Math.round(directives.ttlSeconds * 1000) : this.settings.ttlMs;
    return { key, read, write, ttlMs };
  }

  async read(plan: CachePlan): Promise<Buffer | undefined> {
    if (!plan.read) return undefined;
    try {
      return await this.store.get(plan.key);
    } catch (error) {
      this.outage(error, 'answering from the provider');
      return undefined;
    }
  }

  /** Returns at once and never throws: the answer is already the client's, whatever happens to its copy. */
  write(plan: CachePlan, value: () => string): void {
    if (!plan.write) return;
    Promise.resolve()
      .then(() => this.store.set(plan.key, Buffer.from(value()), plan.ttlMs))
      .catch((error: unknown) => this.outage(error, 'the answer was not cached'));
  }

  private namespaceOf(principal: common.Principal, stream: boolean, tags: readonly string[] | undefined): string {
    const owner =
      this.settings.namespaceBy === 'none'
        ? ''
        : this.settings.namespaceBy === 'team' && principal.teamId
          ? `team:${principal.teamId}`
          : `key:${principal.keyId || principal.subject}`;
    const tagged = tags && tags.length > 0 ? `|${[...tags].sort().join(',')}` : '';
    return `${this.settings.namespace}|${owner}|${stream ? 'stream' : 'whole'}${tagged}`;
  }

  private outage(error: unknown, consequence: string): void {
    const now = Date.now();
    if (now - this.lastOutageLogMs < OUTAGE_LOG_INTERVAL_MS) return;
    this.lastOutageLogMs = now;
    this.logger.error({ err: error }, `response cache unavailable: ${consequence}`);
  }
}
