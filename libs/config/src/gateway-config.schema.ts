import { z } from 'zod';
import { toMicroUsdPerMillionTokens } from './price';
import { splitProviderModel } from './provider';
import { booleanLike, countLike, numberLike, secondsLike } from './schema-helpers';
import { Secret } from './secret';

// Known LiteLLM keys are validated and typed; every section is a loose object, so keys we do not
// know yet are kept as written (LiteLLM adds options often, and an operator's file must still load).

const secret = z.custom<Secret>((value) => value instanceof Secret, {
  error: 'expected a string, an os.environ/NAME or an aws_secret/ID reference',
});

const price = z
  .custom<number | string>((value) => typeof value === 'number' || typeof value === 'string', {
    error: 'expected a price in dollars per token',
  })
  .transform((value, ctx) => {
    const converted = toMicroUsdPerMillionTokens(value);
    if (converted.ok) return converted.value;
    ctx.issues.push({ code: 'custom', message: converted.problem, input: value });
    return z.NEVER;
  });

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

/** LiteLLM's fallback lists: `[{ "gpt-4o": ["gpt-4o-mini", "claude"] }]`. */
const fallbacks = z.array(z.record(z.string(), z.array(z.string())));

/** The per-token prices Gatehouse meters with; they become `Deployment.pricing`. */
const prices = {
  input_cost_per_token: price.optional(),
  output_cost_per_token: price.optional(),
  cache_read_input_token_cost: price.optional(),
  cache_creation_input_token_cost: price.optional(),
};
export type PriceKey = keyof typeof prices;

// Checked on the field rather than the object so it is reported alongside the entry's other problems.
// An empty provider or model part is wrong whatever `custom_llm_provider` says.
const modelWithProvider = z
  .string()
  .min(1, 'must not be empty')
  .superRefine((model, ctx) => {
    const split = splitProviderModel(model);
    if (!split.ok) ctx.issues.push({ code: 'custom', message: split.problem, input: model });
  });

export const litellmParamsSchema = z.looseObject({
  model: modelWithProvider,
  custom_llm_provider: z.string().min(1).optional(),
  api_base: httpUrl.optional(),
  api_key: secret.optional(),
  api_version: z.string().optional(),
  organization: z.string().optional(),
  timeout: secondsLike.optional(),
  stream_timeout: secondsLike.optional(),
  rpm: countLike.optional(),
  tpm: countLike.optional(),
  max_retries: countLike.optional(),
  weight: numberLike.pipe(z.number().nonnegative()).optional(),
  /** Sent as headers with every call to the deployment. */
  extra_headers: z.record(z.string(), z.string()).optional(),
  /** Chosen only for requests whose `tags` include one of these when `enable_tag_filtering` is on. */
  tags: z.array(z.string()).optional(),
  /** Guardrails (by `guardrail_name`) that run on every call to the model group this deployment serves. */
  guardrails: z.array(z.string().min(1)).optional(),
  drop_params: booleanLike.optional(),
  aws_access_key_id: secret.optional(),
  aws_secret_access_key: secret.optional(),
  aws_session_token: secret.optional(),
  aws_region_name: z.string().optional(),
  ...prices,
});

export const modelInfoSchema = z.looseObject({
  id: z.preprocess((value) => (typeof value === 'number' ? String(value) : value), z.string().min(1)).optional(),
  mode: z.string().optional(),
  base_model: z.string().optional(),
  max_tokens: countLike.optional(),
  max_input_tokens: countLike.optional(),
  max_output_tokens: countLike.optional(),
  ...prices,
});

export const modelEntrySchema = z.looseObject({
  model_name: z.string().min(1, 'must not be empty'),
  litellm_params: litellmParamsSchema,
  model_info: modelInfoSchema.default({}),
});

export const ROUTING_STRATEGIES = [
  'simple-shuffle',
  'least-busy',
  'latency-based-routing',
  'usage-based-routing',
  'usage-based-routing-v2',
  'cost-based-routing',
] as const;

/** Model group names to try in order when every deployment of the requested one failed. */
const defaultFallbacks = z.array(z.string().min(1));

export const routerSettingsSchema = z.looseObject({
  routing_strategy: z.enum(ROUTING_STRATEGIES).optional(),
  routing_strategy_args: z
    .looseObject({
      /** latency-based-routing: deployments within this fraction of the fastest are picked among at random. */
      lowest_latency_buffer: numberLike.pipe(z.number().nonnegative()).optional(),
      /** latency-based-routing: how long a deployment's latency samples count after its newest. */
      ttl: secondsLike.optional(),
      /** latency-based-routing: how many recent samples the average is taken over. */
      max_latency_list_size: countLike.pipe(z.number().int().positive()).optional(),
    })
    .optional(),
  enable_tag_filtering: booleanLike.optional(),
  default_fallbacks: defaultFallbacks.optional(),
  num_retries: countLike.optional(),
  timeout: secondsLike.optional(),
  allowed_fails: countLike.optional(),
  cooldown_time: numberLike.pipe(z.number().nonnegative()).optional(),
  retry_after: numberLike.pipe(z.number().nonnegative()).optional(),
  fallbacks: fallbacks.optional(),
  context_window_fallbacks: fallbacks.optional(),
  content_policy_fallbacks: fallbacks.optional(),
  enable_pre_call_checks: booleanLike.optional(),
  model_group_alias: z
    .record(z.string(), z.union([z.string(), z.looseObject({ model: z.string(), hidden: booleanLike.optional() })]))
    .optional(),
});

export const CACHE_TYPES = ['local', 'redis', 'redis-semantic'] as const;
/** LiteLLM's call-type names, sync and async spellings; Gatehouse caches chat, legacy completions and embeddings. */
export const CACHEABLE_CALL_TYPES = [
  'completion',
  'acompletion',
  'text_completion',
  'atext_completion',
  'embedding',
  'aembedding',
] as const;

/**
 * LiteLLM's response-cache settings. Redis' address comes from `REDIS_URL` like every Redis use in
 * Gatehouse, so `host`, `port` and `password` are kept as written and not used. `redis-semantic`
 * embeds prompts with the model group `redis_semantic_cache_embedding_model` (LiteLLM's default
 * name when absent) and answers above `similarity_threshold`, which LiteLLM requires too.
 */
const cacheParamsSchema = z
  .looseObject({
    type: z
      .string()
      .superRefine((type, ctx) => {
        if ((CACHE_TYPES as readonly string[]).includes(type)) return;
        const semantic = type.endsWith('-semantic') ? ' (the semantic cache is redis-semantic)' : '';
        ctx.addIssue({
          code: 'custom',
          message: `cache type '${type}' is not supported${semantic}; use one of ${CACHE_TYPES.join(', ')}`,
        });
      })
      .optional(),
    ttl: secondsLike.optional(),
    namespace: z.string().min(1).optional(),
    /** `default_off`: only requests that ask with `cache: {"use-cache": true}` use the cache. */
    mode: z.enum(['default_on', 'default_off']).optional(),
    supported_call_types: z.array(z.enum(CACHEABLE_CALL_TYPES)).optional(),
    similarity_threshold: numberLike.pipe(z.number().min(0).max(1)).optional(),
    redis_semantic_cache_embedding_model: z.string().min(1).optional(),
  })
  .superRefine((params, ctx) => {
    if (params.type === 'redis-semantic' && params.similarity_threshold === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['similarity_threshold'],
        message: 'redis-semantic needs a similarity_threshold between 0 and 1 (0.8 is a common start)',
      });
  });

export const litellmSettingsSchema = z.looseObject({
  drop_params: booleanLike.optional(),
  num_retries: countLike.optional(),
  request_timeout: secondsLike.optional(),
  fallbacks: fallbacks.optional(),
  context_window_fallbacks: fallbacks.optional(),
  content_policy_fallbacks: fallbacks.optional(),
  default_fallbacks: defaultFallbacks.optional(),
  json_logs: booleanLike.optional(),
  cache: booleanLike.optional(),
  cache_params: cacheParamsSchema.optional(),
});

export const generalSettingsSchema = z.looseObject({
  master_key: secret.optional(),
  database_url: secret.optional(),
});

export const GUARDRAIL_MODES = ['pre_call', 'post_call', 'during_call'] as const;

export const guardrailSchema = z.looseObject({
  guardrail_name: z.string().min(1, 'must not be empty'),
  litellm_params: z.looseObject({
    guardrail: z.string().min(1, 'must not be empty'),
    // LiteLLM accepts one mode or a list; normalised to a list. A mode that is not run is refused, never skipped.
    mode: z
      .preprocess(
        (value) => (typeof value === 'string' ? [value] : value),
        z.array(
          z.enum(GUARDRAIL_MODES, {
            error: (issue) =>
              `mode ${JSON.stringify(issue.input)} is not one this gateway runs (it runs ${GUARDRAIL_MODES.join(', ')})`,
          }),
        ),
      )
      .optional(),
    default_on: booleanLike.optional(),
    /** When the guardrail cannot answer (outage, timeout): let the call through (true) or refuse it (false, the default). */
    fail_open: booleanLike.optional(),
    /** How long one check may take before it counts as failed; seconds. */
    timeout: secondsLike.optional(),
    /** LiteLLM's switch for log-only guardrails: a block is recorded as flagged and the call goes on. */
    disable_exception_on_block: booleanLike.optional(),
  }),
});

/**
 * Gatehouse's own governance settings. A reservation is a call's worst-case cost, capped by the
 * ceiling so that a call without max_tokens is not refused for its theoretical worst case.
 */
export const gatehouseSettingsSchema = z.looseObject({
  budgets: z
    .object({
      reservation_ceiling_usd: numberLike.pipe(z.number().positive()).default(1),
      reservation_lease_seconds: countLike.pipe(z.number().int().positive()).default(600),
      on_redis_error: z.enum(['closed', 'open']).default('closed'),
    })
    .prefault({}),
  rate_limits: z.object({ on_redis_error: z.enum(['open', 'closed']).default('open') }).prefault({}),
  cache: z
    .object({
      /** Whose answers a hit may reuse: the same team's (keys without a team: the same key's), the same key's, or anyone's. */
      namespace_by: z.enum(['team', 'key', 'none']).default('team'),
      /** The in-process store's bound (standalone without Redis, or `type: local`); least recently used entries go first. */
      memory_max_mb: numberLike.pipe(z.number().positive()).default(256),
      /** Entries the semantic cache keeps (each replica indexes them all); the oldest go first. */
      semantic_max_entries: countLike.pipe(z.number().int().positive()).default(10_000),
    })
    .prefault({}),
  guardrails: z
    .object({
      /** during_call on a stream: answer text is held and checked in windows of at least this many characters. */
      stream_window_chars: countLike.pipe(z.number().int().positive()).default(200),
    })
    .prefault({}),
});

export const gatewayConfigFileSchema = z.looseObject({
  model_list: z.array(modelEntrySchema).default([]),
  router_settings: routerSettingsSchema.default({}),
  litellm_settings: litellmSettingsSchema.default({}),
  general_settings: generalSettingsSchema.default({}),
  guardrails: z.array(guardrailSchema).default([]),
  /** Gatehouse's own settings. */
  gatehouse: gatehouseSettingsSchema.prefault({}),
});

export type GatewayConfigFile = z.output<typeof gatewayConfigFileSchema>;
export type ModelEntry = z.output<typeof modelEntrySchema>;
