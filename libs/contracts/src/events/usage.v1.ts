import { z } from 'zod';
import { envelopeShape } from './envelope';

const tokens = z.number().int().nonnegative();

export const UsageEventV1Schema = z.object({
  schema: z.literal('usage.v1'),
  ...envelopeShape,
  principal: z.object({
    kind: z.string(),
    subject: z.string(),
    key_alias: z.string().optional(),
    /** The virtual key's id, which (unlike its hash) survives a regenerate. */
    key_id: z.string().optional(),
    user_id: z.string().optional(),
    team_id: z.string().optional(),
    org_id: z.string().optional(),
  }),
  route: z.enum(['chat.completions', 'completions', 'embeddings', 'messages']),
  model: z.string(),
  deployment_id: z.string().optional(),
  provider: z.string().optional(),
  provider_model: z.string().optional(),
  stream: z.boolean(),
  status: z.enum(['success', 'error', 'client_disconnected']),
  http_status: z.number().int(),
  error_kind: z.string().optional(),
  attempts: z.number().int().nonnegative(),
  cache_hit: z.boolean(),
  usage: z.object({
    prompt_tokens: tokens,
    completion_tokens: tokens,
    total_tokens: tokens,
    cached_prompt_tokens: tokens.optional(),
    reasoning_tokens: tokens.optional(),
  }),
  /** Integer micro-dollars (1e-6 USD); money is never a float. A semantic cache lookup's cost included. */
  cost_micro_usd: z.number().int().nonnegative(),
  latency_ms: z.number().nonnegative(),
  time_to_first_token_ms: z.number().nonnegative().optional(),
  /**
   * Tries that failed before the outcome above (a retry or a fallback answered, or the last failure
   * is the one reported); absent when the first try was the only one.
   */
  failed_attempts: z
    .array(
      z.object({
        deployment_id: z.string(),
        /** The model group tried: the requested one, or a fallback. */
        model: z.string(),
        error_kind: z.string(),
        latency_ms: z.number().nonnegative(),
      }),
    )
    .optional(),
  /** The semantic cache's embedding of the prompt (`cache_hit` says whether it found an answer). */
  cache_lookup: z
    .object({
      deployment_id: z.string(),
      /** The embedding model group. */
      model: z.string(),
      prompt_tokens: tokens,
      cost_micro_usd: z.number().int().nonnegative(),
      /** The hit's cosine similarity to the stored prompt; absent on a miss. */
      similarity: z.number().optional(),
    })
    .optional(),
  /** Each guardrail that ran on the call, in the order run; absent when none applied. */
  guardrails: z
    .array(
      z.object({
        name: z.string(),
        stage: z.enum(['pre_call', 'post_call', 'during_call']),
        outcome: z.enum(['passed', 'blocked', 'masked', 'flagged', 'failed_open', 'failed_closed']),
        /** The detector that fired (e.g. `us_ssn`, `bedrock:sensitiveInformation`). */
        type: z.string().optional(),
        /** What it found or why it failed; never the matched text. */
        detail: z.string().optional(),
        latency_ms: z.number().nonnegative(),
      }),
    )
    .optional(),
});

export type UsageEventV1 = z.infer<typeof UsageEventV1Schema>;
