import {
  COMPOSITIONS,
  FakeOidc,
  FAKE_UPSTREAM_KEY,
  startFakeOidc,
  startTestGateway,
  TestGateway,
} from '@gatehouse/testing';
import { adminCall, chat } from './admin-client';

describe.each(COMPOSITIONS)('OIDC JWTs at the edge, %s composition (requires authentication)', (composition) => {
  let oidc: FakeOidc;
  let gw: TestGateway;

  beforeAll(async () => {
    oidc = await startFakeOidc({ audience: 'api://gatehouse' });
    gw = await startTestGateway({
      composition,
      config: (base) => `
model_list:
  - model_name: gpt-4o-mini
    litellm_params: { model: openai/gpt-4o-mini, api_base: ${base}, api_key: ${FAKE_UPSTREAM_KEY} }
general_settings:
  enable_jwt_auth: true
  litellm_jwtauth:
    public_key_url: ${oidc.jwksUrl}
    issuer: ${oidc.issuer}
    audience: api://gatehouse
    jwks_cache_seconds: 1
    jwks_refetch_cooldown_seconds: 0
    team_id_jwt_field: tid
    roles_jwt_field: realm_access.roles
    admin_role_values: [gatehouse-admins]
`,
    });
  });

  afterAll(async () => {
    await gw?.stop();
    await oidc?.close();
  });

  it('serves a valid token and maps its admin role to the admin routes', async () => {
    const user = await oidc.sign({ sub: 'alice', tid: 'search' });
    expect((await chat(gw.url, user, 'gpt-4o-mini', 'hello as alice')).status).toBe(200);
    expect((await adminCall(gw.url, user, 'GET', '/key/list')).status).toBe(403);
    const admin = await oidc.sign({ sub: 'root', realm_access: { roles: ['gatehouse-admins'] } });
    expect((await adminCall(gw.url, admin, 'GET', '/key/list')).status).toBe(200);
  });

  it('refuses a tampered token, one from another issuer and an expired one with 401', async () => {
    const token = await oidc.sign({ sub: 'mallory' });
    const [header, payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...decode(payload), sub: 'root' })).toString('base64url');
    for (const bad of [
      `${header}.${forged}.${signature}`,
      await oidc.sign({ sub: 'mallory' }, { issuer: 'https://elsewhere.example.com' }),
      await oidc.sign({ sub: 'mallory' }, { expiresIn: -120 }),
    ]) {
      const reply = await chat(gw.url, bad, 'gpt-4o-mini', 'let me in');
      expect(reply.status).toBe(401);
      expect(reply.body.error?.type).toBe('authentication_error');
      expect(JSON.stringify(reply.body)).not.toContain(bad);
    }
  });

  it('refuses a token signed by a key the provider rotated out, once the JWKS cache has expired', async () => {
    const retired = await oidc.rotate();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const stale = await retired.sign({ sub: 'bob' });
    expect((await chat(gw.url, stale, 'gpt-4o-mini', 'old key')).status).toBe(401);
    const fresh = await oidc.sign({ sub: 'bob' });
    expect((await chat(gw.url, fresh, 'gpt-4o-mini', 'new key')).status).toBe(200);
  });
});

function decode(segment: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>;
}
