import { CacheableRoute, responseCacheKey, ResponseCacheStore, SemanticCache } from '@gatehouse/cache';
import { common } from '@gatehouse/contracts';
import { GatewayConfig } from '@gatehouse/config';
import type { Logger } from '@gatehouse/logging';
import { ChatMessage, TokenUsage } from '@gatehouse/providers-core';
import { RoutedDeployment } from '../catalog/model-catalog';
import { CacheDirectives } from '../gateway-fields';
import { PromptEmbedder } from './prompt-embedder';
import { promptText } from './prompt-text';

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
  /** Present for `type: redis-semantic`. */
  semantic?: { threshold: number; embeddingModel: string };
}

/** LiteLLM's embedding model for the semantic cache when the config names none. */
const DEFAULT_EMBEDDING_MODEL = 'text-embedding-ada-002';

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
    semantic:
      params.type === 'redis-semantic'
        ? {
            threshold: params.similarity_threshold!,
            embeddingModel: params.redis_semantic_cache_embedding_model ?? DEFAULT_EMBEDDING_MODEL,
          }
        : undefined,
  };
}

/** One request's use of the cache: its key, and whether it may read and write. */
export interface CachePlan {
  key: string;
  read: boolean;
  write: boolean;
  ttlMs: number;
  /** Present when the semantic cache is on and the prompt is one it can embed. */
  semantic?: SemanticPlan;
}

interface SemanticPlan {
  /** Everything but the messages, hashed: a similar prompt matches only with identical parameters. */
  namespace: string;
  text: string;
  /** The prompt's embedding once `read` has made it; `write` files the answer under it. */
  vector?: Float32Array;
  /** What the embedding cost, hit or miss; part of the request's cost. */
  lookup?: SemanticLookup;
}

/** The semantic cache's embedding call for one request, and the similarity of a hit. */
export interface SemanticLookup {
  deployment: RoutedDeployment;
  model: string;
  usage: TokenUsage;
  similarity?: number;
}

/** The semantic side of the stage: where entries live and how prompts become vectors. */
export interface SemanticBinding {
  cache: SemanticCache;
  embed: PromptEmbedder;
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
 * The response cache on the request path: exact matches, then (with `redis-semantic`) similar
 * prompts. Answers are shared within a namespace (a team by default, so one team never reads
 * another's answers); a store or embedding that fails is a miss, logged at most once per interval,
 * and never fails the request.
 */
export class ResponseCacheStage {
  private lastOutageLogMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: ResponseCacheStore,
    private readonly settings: CacheSettings,
    private readonly logger: Logger,
    private readonly semantic?: SemanticBinding,
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
    const namespace = this.namespaceOf(call.principal, call.stream, call.tags);
    const request = call.request as Record<string, unknown>;
    const key = responseCacheKey({ namespace, route: call.route, model: call.model, request });
    const ttlMs = directives.ttlSeconds !== undefined ? Math.round(directives.ttlSeconds * 1000) : this.settings.ttlMs;
    return { key, read, write, ttlMs, semantic: this.semanticPlan(call, namespace, request) };
  }

  /**
   * The exact answer, else (semantic cache on) the answer to the most similar prompt above the
   * threshold. A miss that may be written still embeds the prompt, so the answer can be filed.
   */
  async read(plan: CachePlan, context: common.RequestContext): Promise<Buffer | undefined> {
    if (plan.read) {
      try {
        const exact = await this.store.get(plan.key);
        if (exact) return exact;
      } catch (error) {
        this.outage(error, 'answering from the provider');
      }
    }
    return plan.semantic ? this.readSemantic(plan.semantic, plan.read, context) : undefined;
  }

  /** Returns at once and never throws: the answer is already the client's, whatever happens to its copy. */
  write(plan: CachePlan, value: () => string): void {
    if (!plan.write) return;
    const vector = plan.semantic?.vector;
    Promise.resolve()
      .then(async () => {
        const stored = Buffer.from(value());
        await this.store.set(plan.key, stored, plan.ttlMs);
        if (vector) await this.semantic!.cache.store(plan.semantic!.namespace, vector, stored, plan.ttlMs);
      })
      .catch((error: unknown) => this.outage(error, 'the answer was not cached'));
  }

  private semanticPlan(call: CacheRequest, namespace: string, request: Record<string, unknown>) {
    const { semantic } = this.settings;
    if (!semantic || !this.semantic || !Array.isArray(request.messages)) return undefined;
    const text = promptText(request.messages as ChatMessage[]);
    if (text === undefined) return undefined;
    const rest = Object.fromEntries(Object.entries(request).filter(([name]) => name !== 'messages'));
    const space = `${namespace}|semantic|${semantic.embeddingModel}`;
    return {
      namespace: responseCacheKey({ namespace: space, route: call.route, model: call.model, request: rest }),
      text,
    };
  }

  private async readSemantic(
    plan: SemanticPlan,
    read: boolean,
    context: common.RequestContext,
  ): Promise<Buffer | undefined> {
    const { cache, embed } = this.semantic!;
    try {
      const embedding = await embed(context, plan.text);
      plan.vector = embedding.vector;
      plan.lookup = { deployment: embedding.deployment, model: embedding.model, usage: embedding.usage };
      if (!read) return undefined;
      const hit = await cache.lookup(plan.namespace, embedding.vector, this.settings.semantic!.threshold);
      if (!hit) return undefined;
      plan.lookup.similarity = hit.similarity;
      return hit.value;
    } catch (error) {
      // A vector the index cannot take (the embedding model's length changed) is never stored either.
      plan.vector = undefined;
      this.outage(error, 'the semantic cache was skipped');
      return undefined;
    }
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
