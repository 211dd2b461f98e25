import { ConfigError, parseGatewayConfig } from '@gatehouse/config';
import { jwtSettingsFrom } from './jwt-settings';

const minimal = {
  public_key_url: 'https://idp.example.com/.well-known/jwks.json',
  issuer: 'https://idp.example.com',
  audience: 'gatehouse',
};

function problems(generalSettings: Record<string, unknown>): string[] {
  try {
    jwtSettingsFrom(generalSettings);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.location}: ${issue.message}`);
    throw error;
  }
  throw new Error('expected the settings to be refused');
}

describe('jwtSettingsFrom', () => {
  it.each([
    ['absent', {}],
    ['false', { enable_jwt_auth: false, litellm_jwtauth: minimal }],
    ['"false" from the environment', { enable_jwt_auth: 'false', litellm_jwtauth: minimal }],
  ])('is off when enable_jwt_auth is %s', (_label, generalSettings) => {
    expect(jwtSettingsFrom(generalSettings)).toBeUndefined();
  });

  it('reads the documented config.yaml, with os.environ references resolved by the config loader', () => {
    const yaml = [
      'general_settings:',
      '  enable_jwt_auth: true',
      '  litellm_jwtauth:',
      '    public_key_url: os.environ/JWT_PUBLIC_KEY_URL',
      '    issuer: https://example.okta.com/oauth2/default',
      '    audience: os.environ/JWT_AUDIENCE',
      '    jwks_cache_seconds: 300',
      '    team_ids_jwt_field: groups',
      '    roles_jwt_field: groups',
      '    admin_role_values: [gatehouse-admins]',
    ].join('\n');
    const env = {
      JWT_PUBLIC_KEY_URL: 'https://example.okta.com/oauth2/default/v1/keys',
      JWT_AUDIENCE: 'api://gatehouse',
    };
    const config = parseGatewayConfig(yaml, 'config.yaml', env);
    expect(jwtSettingsFrom(config.generalSettings)).toMatchObject({
      publicKeyUrl: 'https://example.okta.com/oauth2/default/v1/keys',
      issuer: 'https://example.okta.com/oauth2/default',
      audiences: ['api://gatehouse'],
      teamIdsField: 'groups',
      rolesField: 'groups',
      adminRoleValues: ['gatehouse-admins'],
    });
  });

  it('applies the documented defaults', () => {
    expect(jwtSettingsFrom({ enable_jwt_auth: true, litellm_jwtauth: minimal })).toEqual({
      publicKeyUrl: 'https://idp.example.com/.well-known/jwks.json',
      issuer: 'https://idp.example.com',
      audiences: ['gatehouse'],
      audienceField: 'aud',
      jwksCacheSeconds: 300,
      jwksRefetchCooldownSeconds: 30,
      clockToleranceSeconds: 30,
      userIdField: 'sub',
      userEmailField: 'email',
      teamIdField: undefined,
      teamIdsField: undefined,
      teamIdDefault: undefined,
      adminScope: 'litellm_proxy_admin',
      rolesField: undefined,
      adminRoleValues: [],
    });
  });

  it("reads LiteLLM's field names and Gatehouse's additions", () => {
    const settings = jwtSettingsFrom({
      enable_jwt_auth: 'true',
      litellm_jwtauth: {
        ...minimal,
        audience: ['gatehouse', 'gatehouse-cli'],
        audience_jwt_field: 'client_id',
        jwks_cache_seconds: '60',
        jwks_refetch_cooldown_seconds: 0,
        clock_tolerance_seconds: 5,
        user_id_jwt_field: 'preferred_username',
        user_email_jwt_field: 'upn',
        team_id_jwt_field: 'tenant',
        team_ids_jwt_field: 'cognito:groups',
        team_id_default: 'everyone',
        admin_jwt_scope: 'gatehouse.admin',
        roles_jwt_field: 'realm_access.roles',
        admin_role_values: ['platform-admins'],
        role_mappings: [
          { role: 'llm-admins', internal_role: 'proxy_admin' },
          { role: 'llm-users', internal_role: 'internal_user' },
        ],
        user_id_upsert: true,
      },
    });
    expect(settings).toMatchObject({
      audiences: ['gatehouse', 'gatehouse-cli'],
      audienceField: 'client_id',
      jwksCacheSeconds: 60,
      jwksRefetchCooldownSeconds: 0,
      clockToleranceSeconds: 5,
      userIdField: 'preferred_username',
      userEmailField: 'upn',
      teamIdField: 'tenant',
      teamIdsField: 'cognito:groups',
      teamIdDefault: 'everyone',
      adminScope: 'gatehouse.admin',
      rolesField: 'realm_access.roles',
      adminRoleValues: ['platform-admins', 'llm-admins'],
    });
  });

  it("takes LiteLLM's public_key_ttl as the cache age, jwks_cache_seconds winning when both are set", () => {
    const ttlOnly = jwtSettingsFrom({ enable_jwt_auth: true, litellm_jwtauth: { ...minimal, public_key_ttl: 600 } });
    expect(ttlOnly?.jwksCacheSeconds).toBe(600);
    const both = { ...minimal, public_key_ttl: 600, jwks_cache_seconds: 120 };
    expect(jwtSettingsFrom({ enable_jwt_auth: true, litellm_jwtauth: both })?.jwksCacheSeconds).toBe(120);
  });

  it('accepts plain http only on loopback', () => {
    const local = { ...minimal, public_key_url: 'http://127.0.0.1:8080/jwks.json' };
    expect(jwtSettingsFrom({ enable_jwt_auth: true, litellm_jwtauth: local })?.publicKeyUrl).toBe(
      'http://127.0.0.1:8080/jwks.json',
    );
    const remote = { ...minimal, public_key_url: 'http://idp.example.com/jwks.json' };
    expect(problems({ enable_jwt_auth: true, litellm_jwtauth: remote })).toEqual([
      'general_settings.litellm_jwtauth.public_key_url: must use https (plain http is only allowed on loopback, for tests)',
    ]);
  });

  it('requires the section when JWT auth is on', () => {
    expect(problems({ enable_jwt_auth: true })).toEqual(['general_settings.litellm_jwtauth: is required']);
  });

  it('names every bad path at once', () => {
    const found = problems({
      enable_jwt_auth: true,
      litellm_jwtauth: {
        public_key_url: 'ftp://idp.example.com/keys',
        audience: ['gatehouse', ''],
        jwks_cache_seconds: 0,
        clock_tolerance_seconds: 3_600,
        admin_role_values: ['admins'],
        issuers: [{ issuer: 'https://a.example.com' }],
      },
    });
    expect(found).toEqual([
      'general_settings.litellm_jwtauth.public_key_url: expected an http(s) URL',
      'general_settings.litellm_jwtauth.issuer: is required',
      'general_settings.litellm_jwtauth.audience[1]: must not be empty',
      'general_settings.litellm_jwtauth.jwks_cache_seconds: must be at least 1',
      'general_settings.litellm_jwtauth.clock_tolerance_seconds: must be at most 300',
      'general_settings.litellm_jwtauth.issuers: several identity providers are not supported yet; configure one issuer',
    ]);
  });

  it('asks for roles_jwt_field when admin roles are given without it', () => {
    const section = { ...minimal, role_mappings: [{ role: 'admins', internal_role: 'proxy_admin' }] };
    expect(problems({ enable_jwt_auth: true, litellm_jwtauth: section })).toEqual([
      'general_settings.litellm_jwtauth.roles_jwt_field: is required when admin roles are given',
    ]);
  });

  it('refuses a non-boolean enable_jwt_auth without echoing it', () => {
    expect(problems({ enable_jwt_auth: 'sometimes' })).toEqual(['general_settings.enable_jwt_auth: expected boolean']);
  });
});
