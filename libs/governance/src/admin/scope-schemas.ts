import { z } from 'zod';
import { parseBudgetDuration } from '../budget-duration';
import { guardrailNamesSchema } from './guardrail-names';

/*
 * LiteLLM's /team/* and /user/* payloads (field names as in LiteLLM's OpenAPI, v1.95), in the same
 * spirit as key-schemas.ts. Objects are loose: a field that only drives LiteLLM features with no
 * effect on access or spend is accepted and ignored (soft_budget, tags, send_invite_email,
 * organizations, model_aliases, config). A restriction Gatehouse cannot enforce is refused with a 400
 * naming it unless it asks for nothing, so that nobody believes a limit holds when it does not.
 * On an update, an absent field is kept and `null` clears it.
 */

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

// LiteLLM (pydantic, lax mode) takes "10" for a number; query parameters always arrive as strings.
const numberLike = (inner: z.ZodNumber) =>
  z.preprocess((value) => (typeof value === 'string' && NUMERIC.test(value.trim()) ? Number(value) : value), inner);

const id = z.string().trim().min(1, 'must not be empty');
/** An empty query parameter (`?user_id=`) means none, as in LiteLLM. */
const queryParam = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema);
const queryId = queryParam(id.optional());
const text = z.string().min(1, 'must not be empty');
/** Dollars; capped so that micro-dollars stay exact integers. */
const dollars = numberLike(z.number().nonnegative().max(1_000_000_000));
/** Postgres `integer` columns. */
const limit = numberLike(z.number().int().nonnegative().max(2_147_483_647));
const models = z.array(text);
const metadata = z.record(z.string(), z.unknown());
const duration = z
  .string()
  .refine(
    (value) => parseBudgetDuration(value) !== undefined,
    'expected a duration such as "30s", "30m", "1h", "1d", "1mo"',
  );

/** True for a value that asks for nothing: absent, null, false, or empty all the way down. */
function asksNothing(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.values(value).every(asksNothing);
  return false;
}

/** Fields refused unless they ask for nothing, each with the reason shown to the caller. */
function refused<K extends string>(reasons: Record<K, string>): Record<K, z.ZodOptional<z.ZodUnknown>> {
  const shape = {} as Record<K, z.ZodOptional<z.ZodUnknown>>;
  for (const field of Object.keys(reasons) as K[])
    shape[field] = z.unknown().refine(asksNothing, `not supported by Gatehouse: ${reasons[field]}`).optional();
  return shape;
}

const NO_MODEL_LIMITS = 'per-model limits apply to keys only (/key/generate)';
const NO_POLICIES = 'policies; name guardrails in `guardrails` on keys and teams';
const NO_MULTI_BUDGETS = 'one budget per owner: use max_budget and budget_duration';
const NO_OBJECT_PERMISSIONS = 'MCP server and vector store permissions';
const NO_MEMBER_BUDGETS = 'per-member budgets and limits are not enforced; give each member a key with its own limits';

const TEAM_REFUSED = refused({
  budget_limits: NO_MULTI_BUDGETS,
  model_max_budget: NO_MULTI_BUDGETS,
  model_rpm_limit: NO_MODEL_LIMITS,
  model_tpm_limit: NO_MODEL_LIMITS,
  policies: NO_POLICIES,
  team_member_budget: NO_MEMBER_BUDGETS,
  team_member_budget_duration: NO_MEMBER_BUDGETS,
  team_member_rpm_limit: NO_MEMBER_BUDGETS,
  team_member_tpm_limit: NO_MEMBER_BUDGETS,
  team_member_key_duration: 'set duration on each key (/key/generate)',
  default_team_member_models: 'set models on each key (/key/generate)',
  object_permission: NO_OBJECT_PERMISSIONS,
  admins: 'use members_with_roles',
  members: 'use members_with_roles',
});

const USER_REFUSED = refused({
  budget_limits: NO_MULTI_BUDGETS,
  model_max_budget: NO_MULTI_BUDGETS,
  model_rpm_limit: NO_MODEL_LIMITS,
  model_tpm_limit: NO_MODEL_LIMITS,
  guardrails: 'guardrails attach to keys and teams, not users',
  policies: NO_POLICIES,
  // These configure the key /user/new creates, as /key/generate refuses them.
  permissions: 'per-key permissions',
  allowed_routes: 'per-key route restrictions',
  allowed_cache_controls: 'per-key cache-control restrictions',
  enforced_params: 'enforced request params',
  aliases: 'per-key model aliases; use model_list aliases in config.yaml',
  budget_id: 'shared budget tables; set max_budget and budget_duration',
  object_permission: NO_OBJECT_PERMISSIONS,
  blocked: 'users cannot be blocked; block their keys (/key/block) or their team',
  password: 'Gatehouse has no password login',
});

const EITHER_USER = { message: 'either user_id or user_email is required', path: ['user_id'] };

export const TEAM_MEMBER_ROLES = ['admin', 'user'] as const;
export type TeamMemberRole = (typeof TEAM_MEMBER_ROLES)[number];

/** LiteLLM's Member: a user named by id or by email, with a role in the team. */
export const teamMemberSchema = z
  .looseObject({ role: z.enum(TEAM_MEMBER_ROLES), user_id: id.nullish(), user_email: text.nullish() })
  .refine((member) => Boolean(member.user_id || member.user_email), EITHER_USER);
export type TeamMemberInput = z.output<typeof teamMemberSchema>;

const governedFields = {
  models: models.nullish(),
  max_budget: dollars.nullish(),
  budget_duration: duration.nullish(),
  tpm_limit: limit.nullish(),
  rpm_limit: limit.nullish(),
  max_parallel_requests: limit.nullish(),
  metadata: metadata.nullish(),
};

const teamFields = {
  ...governedFields,
  team_alias: text.nullish(),
  organization_id: id.nullish(),
  blocked: z.boolean().nullish(),
  guardrails: guardrailNamesSchema.nullish(),
  ...TEAM_REFUSED,
};

export const teamNewSchema = z.looseObject({
  ...teamFields,
  team_id: id.nullish(),
  members_with_roles: z.array(teamMemberSchema).nullish(),
});
export type TeamNewRequest = z.output<typeof teamNewSchema>;

export const teamUpdateSchema = z.looseObject({
  ...teamFields,
  team_id: id,
  ...refused({ members_with_roles: 'use /team/member_add and /team/member_delete' }),
});
export type TeamUpdateRequest = z.output<typeof teamUpdateSchema>;

export const teamDeleteSchema = z.looseObject({ team_ids: z.array(id).min(1, 'name at least one team') });
export const teamInfoQuerySchema = z.looseObject({ team_id: id });
export const teamListQuerySchema = z.looseObject({ user_id: queryId, organization_id: queryId });

export const teamMemberAddSchema = z.looseObject({
  team_id: id,
  // LiteLLM takes one member or a list; a single object is read as a list of one.
  member: z.preprocess(
    (value) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? [value] : value),
    z.array(teamMemberSchema).min(1, 'name at least one member'),
  ),
  ...refused({
    max_budget_in_team: NO_MEMBER_BUDGETS,
    budget_duration: NO_MEMBER_BUDGETS,
    allowed_models: NO_MEMBER_BUDGETS,
  }),
});
export type TeamMemberAddRequest = z.output<typeof teamMemberAddSchema>;

export const teamMemberDeleteSchema = z
  .looseObject({ team_id: id, user_id: id.nullish(), user_email: text.nullish() })
  .refine((body) => Boolean(body.user_id || body.user_email), EITHER_USER);

/** The roles LiteLLM's /user routes accept; `proxy_admin` may call the admin routes. */
export const LITELLM_USER_ROLES = [
  'proxy_admin',
  'proxy_admin_viewer',
  'internal_user',
  'internal_user_viewer',
] as const;

const userFields = {
  ...governedFields,
  user_alias: text.nullish(),
  user_role: z.enum(LITELLM_USER_ROLES).nullish(),
  ...USER_REFUSED,
};

/** `teams` entries on /user/new: a team id, or LiteLLM's NewUserRequestTeam. */
const newUserTeam = z.preprocess(
  (value) => (typeof value === 'string' ? { team_id: value } : value),
  z.looseObject({
    team_id: id,
    user_role: z.enum(TEAM_MEMBER_ROLES).default('user'),
    ...refused({ max_budget_in_team: NO_MEMBER_BUDGETS }),
  }),
);

const SPEND_IS_RECORDED = 'spend is recorded by the usage ledger and cannot be set';
const SPEND_IS_RECORDED_HINT = `${SPEND_IS_RECORDED}; change budget_duration to start a new budget window`;

export const userNewSchema = z.looseObject({
  ...userFields,
  user_id: id.nullish(),
  user_email: text.nullish(),
  team_id: id.nullish(),
  teams: z.array(newUserTeam).nullish(),
  // LiteLLM creates a key with every new user unless told not to; scripts read `key` from the answer.
  auto_create_key: z.boolean().nullish(),
  key_alias: text.nullish(),
  duration: duration.nullish(),
  spend: numberLike(z.number())
    .refine((value) => value === 0, SPEND_IS_RECORDED)
    .nullish(),
});
export type UserNewRequest = z.output<typeof userNewSchema>;

export const userUpdateSchema = z
  .looseObject({
    ...userFields,
    user_id: id.nullish(),
    user_email: text.nullish(),
    spend: z
      .unknown()
      .refine((value) => value === null, SPEND_IS_RECORDED_HINT)
      .optional(),
  })
  .refine((body) => Boolean(body.user_id || body.user_email), EITHER_USER);
export type UserUpdateRequest = z.output<typeof userUpdateSchema>;

export const userDeleteSchema = z.looseObject({ user_ids: z.array(id).min(1, 'name at least one user') });
export const userInfoQuerySchema = z.looseObject({ user_id: queryId });

export const userListQuerySchema = z.looseObject({
  page: queryParam(numberLike(z.number().int().min(1)).default(1)),
  page_size: queryParam(numberLike(z.number().int().min(1).max(100)).default(25)),
  role: queryParam(z.enum(LITELLM_USER_ROLES).optional()),
  /** Comma-separated, as LiteLLM takes it. */
  user_ids: queryParam(z.string().optional()),
  /** Partial, case-insensitive match. */
  user_email: queryParam(z.string().optional()),
  /** Users who are members of this team. */
  team: queryId,
});
export type UserListQuery = z.output<typeof userListQuerySchema>;
