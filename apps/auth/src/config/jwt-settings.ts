import { ConfigError, ConfigIssue } from '@gatehouse/config';
import { z } from 'zod';

/**
 * How the auth service verifies OIDC JWTs and maps their claims, from `general_settings`.
 * Claim names may be dotted (`realm_access.roles`) to reach nested claims.
 */
export interface JwtSettings {
  /** The identity provider's JWKS endpoint. */
  readonly publicKeyUrl: string;
  readonly issuer: string;
  /** A token is accepted when its audience claim holds any of these. */
  readonly audiences: readonly string[];
  /** `aud` unless the provider puts the client elsewhere (Cognito access tokens: `client_id`). */
  readonly audienceField: string;
  /** How long a fetched JWKS is trusted; a key removed by the provider stops verifying after this. */
  readonly jwksCacheSeconds: number;
  /** Minimum gap between refetches caused by an unknown `kid`, so forged kids cannot hammer the provider. */
  readonly jwksRefetchCooldownSeconds: number;
  readonly clockToleranceSeconds: number;
  readonly userIdField: string;
  readonly userEmailField: string;
  readonly teamIdField: string | undefined;
  readonly teamIdsField: string | undefined;
  /** Team used when the token names none (LiteLLM's `team_id_default`). */
  readonly teamIdDefault: string | undefined;
  /** Granted admin when present in the `scope` or `scp` claim. */
  readonly adminScope: string;
  readonly rolesField: string | undefined;
  /** Granted admin when any is present in the roles claim. */
  readonly adminRoleValues: readonly string[];
}

const LITELLM_ADMIN_SCOPE = 'litellm_proxy_admin';
const LITELLM_PROXY_ADMIN_ROLE = 'proxy_admin';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const NUMERIC = /^\d+(\.\d+)?$/;

// Values resolved from `os.environ/NAME` arrive as strings, so numbers and booleans accept their string forms.
const fromString = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim().toLowerCase();
  if (NUMERIC.test(trimmed)) return Number(trimmed);
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  return value;
};

const seconds = (min: number, max: number) =>
  z.preprocess(fromString, z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const name = z.string().trim().min(1, 'must not be empty');

// A JWKS fetched over plain http could be swapped by anyone on the path, making every token forgeable.
const jwksUrl = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = jwksUrlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

function jwksUrlProblem(value: string): string | undefined {
  const url = URL.parse(value);
  if (url?.protocol === 'https:') return undefined;
  if (url?.protocol !== 'http:') return 'expected an http(s) URL';
  return LOOPBACK_HOSTS.has(url.hostname)
    ? undefined
    : 'must use https (plain http is only allowed on loopback, for tests)';
}

const audience = z.union([name, z.array(name).min(1, 'must not be empty')], {
  error: 'expected a string or a list of strings',
});

const jwtAuthSchema = z
  .looseObject({
    public_key_url: jwksUrl,
    issuer: name,
    audience,
    audience_jwt_field: name.default('aud'),
    jwks_cache_seconds: seconds(1, 86_400).optional(),
    // LiteLLM's name for the same cache age; accepted so an existing file keeps its value.
    public_key_ttl: seconds(1, 86_400).optional(),
    jwks_refetch_cooldown_seconds: seconds(0, 3_600).default(30),
    clock_tolerance_seconds: seconds(0, 300).default(30),
    user_id_jwt_field: name.default('sub'),
    user_email_jwt_field: name.default('email'),
    team_id_jwt_field: name.optional(),
    team_ids_jwt_field: name.optional(),
    team_id_default: name.optional(),
    admin_jwt_scope: name.default(LITELLM_ADMIN_SCOPE),
    roles_jwt_field: name.optional(),
    admin_role_values: z.array(name).optional(),
    role_mappings: z.array(z.looseObject({ role: name, internal_role: name })).optional(),
    // Said out loud rather than ignored: a second provider's tokens would otherwise be refused silently.
    issuers: z.never({ error: 'several identity providers are not supported yet; configure one issuer' }).optional(),
  })
  .superRefine((value, ctx) => {
    const roleBased = (value.admin_role_values?.length ?? 0) > 0 || (value.role_mappings?.length ?? 0) > 0;
    if (roleBased && value.roles_jwt_field === undefined) {
      ctx.addIssue({ code: 'custom', path: ['roles_jwt_field'], message: 'is required when admin roles are given' });
    }
  });

const generalSettingsSchema = z.looseObject({
  enable_jwt_auth: z.preprocess(fromString, z.boolean()).optional(),
});

type JwtAuthSection = z.output<typeof jwtAuthSchema>;

/**
 * Reads LiteLLM's `enable_jwt_auth` and `litellm_jwtauth` from `general_settings`; `undefined` when
 * JWT auth is off. Throws one `ConfigError` naming every bad path.
 */
export function jwtSettingsFrom(generalSettings: Readonly<Record<string, unknown>>): JwtSettings | undefined {
  const enabled = generalSettingsSchema.safeParse(generalSettings, { error: operatorMessage });
  if (!enabled.success) throw invalid(enabled.error.issues, []);
  if (enabled.data.enable_jwt_auth !== true) return undefined;

  const section = jwtAuthSchema.safeParse(generalSettings.litellm_jwtauth, { error: operatorMessage });
  if (!section.success) throw invalid(section.error.issues, ['litellm_jwtauth']);
  return toSettings(section.data);
}

function toSettings(section: JwtAuthSection): JwtSettings {
  const mappedAdminRoles = (section.role_mappings ?? [])
    .filter((mapping) => mapping.internal_role === LITELLM_PROXY_ADMIN_ROLE)
    .map((mapping) => mapping.role);
  return {
    publicKeyUrl: section.public_key_url,
    issuer: section.issuer,
    audiences: typeof section.audience === 'string' ? [section.audience] : section.audience,
    audienceField: section.audience_jwt_field,
    jwksCacheSeconds: section.jwks_cache_seconds ?? section.public_key_ttl ?? 300,
    jwksRefetchCooldownSeconds: section.jwks_refetch_cooldown_seconds,
    clockToleranceSeconds: section.clock_tolerance_seconds,
    userIdField: section.user_id_jwt_field,
    userEmailField: section.user_email_jwt_field,
    teamIdField: section.team_id_jwt_field,
    teamIdsField: section.team_ids_jwt_field,
    teamIdDefault: section.team_id_default,
    adminScope: section.admin_jwt_scope,
    rolesField: section.roles_jwt_field,
    adminRoleValues: [...new Set([...(section.admin_role_values ?? []), ...mappedAdminRoles])],
  };
}

// Says what was expected and what kind of value was found, never the value itself.
const operatorMessage: z.core.$ZodErrorMap = (issue) => {
  if (issue.code !== 'invalid_type') return undefined;
  return issue.input === undefined ? 'is required' : `expected ${issue.expected}`;
};

function invalid(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): ConfigError {
  const found: ConfigIssue[] = issues.map((issue) => ({
    location: configPath(['general_settings', ...prefix, ...issue.path]),
    message: issue.message,
  }));
  return new ConfigError('Invalid JWT settings', found);
}

function configPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}
