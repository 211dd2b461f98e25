import { z } from 'zod';
import { parseBudgetDuration } from '../budget-duration';
import { guardrailNamesSchema } from './guardrail-names';

/*
 * LiteLLM's /key/* payloads (https://docs.litellm.ai/docs/proxy/virtual_keys). Objects are loose:
 * fields LiteLLM accepts and Gatehouse does not know pass through untouched. Fields Gatehouse knows
 * but cannot honour are split by what ignoring them would do:
 *  - refused with a 400 when ignoring them would grant more than asked (a limit, budget or route
 *    restriction that would silently not apply): see `REFUSED` below;
 *  - accepted and ignored when they only drive LiteLLM features with no effect on access or spend
 *    (`soft_budget` alerts, `send_invite_email`, the deprecated `config`, `prompts`).
 */

const NUMERIC = /^-?(\d+(\.\d*)?|\.\d+)$/;
const BOOLEAN_TEXT: Record<string, boolean> = { true: true, false: false, '1': true, '0': false };
const INT32_MAX = 2_147_483_647;

/** LiteLLM (pydantic) takes `"10"` for 10; scripts and query strings send such strings. */
function numberLike<S extends z.ZodType>(schema: S) {
  return z.preprocess(
    (value) => (typeof value === 'string' && NUMERIC.test(value.trim()) ? Number(value) : value),
    schema,
  );
}

function booleanLike() {
  return z.preprocess(
    (value) => (typeof value === 'string' ? (BOOLEAN_TEXT[value.trim().toLowerCase()] ?? value) : value),
    z.boolean(),
  );
}

/** An empty query parameter (`?user_id=`) means no filter, as in LiteLLM. */
function queryText() {
  return z.preprocess((value) => (value === '' ? undefined : value), z.string().max(256).optional());
}

const durationText = z
  .string()
  .refine(
    (text) => parseBudgetDuration(text) !== undefined,
    'expected a duration such as 30s, 15m, 24h, 30d, 1w or 1mo',
  );
const dollars = numberLike(z.number().nonnegative().max(1_000_000_000));
const limit = numberLike(z.number().int().nonnegative().max(INT32_MAX));
const name = z.string().trim().min(1).max(256);

/** A key as clients name it: the key itself (`sk-…`) or its token (the SHA-256 in hex, as LiteLLM returns it). */
const keyRef = z
  .string()
  .trim()
  .refine(
    (value) => value.startsWith('sk-') || /^[0-9a-fA-F]{64}$/.test(value),
    "expected a key (sk-...) or its token (the key's SHA-256 in hex)",
  );

/** A caller-chosen key value; the length keeps it out of reach of guessing. */
const customKey = z
  .string()
  .regex(/^sk-[\x21-\x7e]{16,253}$/, 'must start with sk- followed by 16 to 253 printable characters');

/** True for a value that asks for nothing: absent, null, or empty all the way down. */
function asksNothing(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.values(value).every(asksNothing);
  return false;
}

function refused(reason: string) {
  return z.unknown().refine(asksNothing, `not supported by Gatehouse: ${reason}`).optional();
}

/** Fields whose restriction Gatehouse cannot enforce; ignoring them would widen what the key may do. */
const REFUSED = {
  aliases: refused('per-key model aliases; use model_list aliases in config.yaml'),
  permissions: refused('per-key permissions'),
  allowed_routes: refused('per-key route restrictions'),
  allowed_cache_controls: refused('per-key cache-control restrictions'),
  enforced_params: refused('enforced request params'),
  model_max_budget: refused('per-model budgets'),
  budget_id: refused('shared budget tables; set max_budget and budget_duration on the key'),
  object_permission: refused('MCP server and vector store permissions'),
  organization_id: refused("a key belongs to its team's organization"),
};

/** Spend comes from the usage ledger; a payload may only restate that a new key has spent nothing. */
const zeroSpend = z
  .unknown()
  .refine((value) => value === null || Number(value) === 0, 'spend is recorded by the usage ledger and cannot be set')
  .optional();
const noSpend = z
  .unknown()
  .refine(
    (value) => value === null,
    'spend is recorded by the usage ledger; change budget_duration to start a new budget window',
  )
  .optional();

/** `management` and `read_only` keys reach other routes than LLM calls; Gatehouse issues LLM keys only. */
const keyType = z
  .string()
  .refine((value) => value === 'default' || value === 'llm_api', 'only default and llm_api keys are supported');

/** What /key/generate, /key/update and /key/regenerate may set on a key. */
export const keySettingsSchema = z.looseObject({
  key_alias: name.nullish(),
  duration: durationText.nullish(),
  models: z.array(name).max(1_000).nullish(),
  max_budget: dollars.nullish(),
  budget_duration: durationText.nullish(),
  user_id: name.nullish(),
  team_id: name.nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  tags: z.array(name).max(100).nullish(),
  tpm_limit: limit.nullish(),
  rpm_limit: limit.nullish(),
  max_parallel_requests: limit.nullish(),
  model_rpm_limit: z.record(name, limit).nullish(),
  model_tpm_limit: z.record(name, limit).nullish(),
  blocked: booleanLike().nullish(),
  key_type: keyType.nullish(),
  guardrails: guardrailNamesSchema.nullish(),
  /** Whether calls with this key may add guardrails in their own `guardrails` field. */
  allow_request_guardrails: booleanLike().nullish(),
  // Accepted and ignored: alerting, e-mail and deprecated settings with no effect on access or spend.
  soft_budget: dollars.nullish(),
  send_invite_email: booleanLike().nullish(),
  config: z.record(z.string(), z.unknown()).nullish(),
  prompts: z.array(z.string()).nullish(),
  ...REFUSED,
});

/** POST /key/generate; `key` sets the key's value instead of a random one. */
export const keyGenerateSchema = keySettingsSchema.extend({ key: customKey.nullish(), spend: zeroSpend });

/** POST /key/update. */
export const keyUpdateSchema = keySettingsSchema.extend({
  key: keyRef,
  spend: noSpend,
  temp_budget_increase: refused('temporary budget increases'),
  temp_budget_expiry: refused('temporary budget increases'),
});

/** POST /key/regenerate and /key/{key}/regenerate; the master key is configuration and is not rotated here. */
export const keyRegenerateSchema = keySettingsSchema.extend({
  key: keyRef,
  new_key: customKey.nullish(),
  spend: noSpend,
  new_master_key: refused('rotating the master key; change GATEHOUSE_MASTER_KEY and restart'),
});

/** POST /key/delete: keys (or tokens) and aliases; at least one. */
export const keyDeleteSchema = z
  .looseObject({ keys: z.array(keyRef).max(1_000).nullish(), key_aliases: z.array(name).max(1_000).nullish() })
  .refine((body) => (body.keys?.length ?? 0) + (body.key_aliases?.length ?? 0) > 0, {
    message: 'at least one of keys or key_aliases must be provided',
    path: ['keys'],
  });

/** GET /key/info; without `key` it describes the caller's own key. */
export const keyInfoQuerySchema = z.looseObject({
  key: z.preprocess((value) => (value === '' ? undefined : value), keyRef.optional()),
});

/** POST /key/block and /key/unblock. */
export const keyBlockSchema = z.looseObject({ key: keyRef });

export const KEY_LIST_SORT_COLUMNS = ['spend', 'max_budget', 'created_at', 'updated_at', 'token', 'key_alias'] as const;

/** GET /key/list, with LiteLLM's defaults (page 1, 10 per page, newest first). */
export const keyListQuerySchema = z.looseObject({
  page: numberLike(z.number().int().min(1).max(1_000_000)).default(1),
  size: numberLike(z.number().int().min(1).max(100)).default(10),
  user_id: queryText(),
  team_id: queryText(),
  organization_id: queryText(),
  key_hash: queryText(),
  key_alias: queryText(),
  return_full_object: booleanLike().default(false),
  // Admins see every key already; LiteLLM's flag only widens what a team admin sees.
  include_team_keys: booleanLike().optional(),
  sort_by: z.preprocess((value) => (value === '' ? undefined : value), z.enum(KEY_LIST_SORT_COLUMNS).optional()),
  sort_order: z.preprocess(
    (value) => (typeof value === 'string' ? value.toLowerCase() : value),
    z.enum(['asc', 'desc']).default('desc'),
  ),
});

export type KeySettings = z.output<typeof keySettingsSchema>;
export type KeyGenerateRequest = z.output<typeof keyGenerateSchema>;
export type KeyUpdateRequest = z.output<typeof keyUpdateSchema>;
export type KeyRegenerateRequest = z.output<typeof keyRegenerateSchema>;
export type KeyDeleteRequest = z.output<typeof keyDeleteSchema>;
export type KeyInfoQuery = z.output<typeof keyInfoQuerySchema>;
export type KeyBlockRequest = z.output<typeof keyBlockSchema>;
export type KeyListQuery = z.output<typeof keyListQuerySchema>;
export type KeyListSort = (typeof KEY_LIST_SORT_COLUMNS)[number];
