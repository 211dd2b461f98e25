import { GatewayFailure } from '@gatehouse/errors';
import { jwtSettingsFrom } from '../../../../apps/auth/src/config/jwt-settings';
import { JwtVerifier } from '../../../../apps/auth/src/services/jwt-verifier';
import { startFakeOidc, type FakeOidc, type FakeOidcAlgorithm } from './index';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A verifier configured the way an operator would write it in config.yaml. */
function verifierFor(fake: FakeOidc, section: Record<string, unknown> = {}): JwtVerifier {
  const settings = jwtSettingsFrom({
    enable_jwt_auth: true,
    litellm_jwtauth: {
      public_key_url: fake.jwksUrl,
      issuer: fake.issuer,
      audience: fake.audience,
      team_ids_jwt_field: 'groups',
      roles_jwt_field: 'realm_access.roles',
      admin_role_values: ['gatehouse-admins'],
      ...section,
    },
  });
  if (!settings) throw new Error('JWT auth should be on');
  return new JwtVerifier(settings);
}

async function refusalOf(verifier: JwtVerifier, token: string): Promise<GatewayFailure> {
  const outcome = await verifier.verify(token).then(
    () => new Error('expected the token to be refused'),
    (error: unknown) => error,
  );
  if (!(outcome instanceof GatewayFailure)) throw outcome;
  expect(outcome.message).not.toContain(token.split('.')[1]);
  return outcome;
}

describe.each<FakeOidcAlgorithm>(['RS256', 'ES256'])('JwtVerifier against a fake OIDC provider (%s)', (algorithm) => {
  let fake: FakeOidc;
  beforeEach(async () => {
    fake = await startFakeOidc({ algorithm });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('publishes discovery and a JWKS holding the current key', async () => {
    const discovery = (await (await fetch(`${fake.url}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(discovery).toMatchObject({ issuer: fake.issuer, jwks_uri: fake.jwksUrl });
    const jwks = (await (await fetch(fake.jwksUrl)).json()) as { keys: { kid: string; alg: string }[] };
    expect(jwks.keys).toEqual([expect.objectContaining({ kid: fake.currentKey.kid, alg: algorithm })]);
    expect(fake.requests).toBe(1);
  });

  it('accepts a valid token and maps its claims, admin by scope or by role', async () => {
    const verifier = verifierFor(fake);
    const user = await verifier.verify(await fake.sign({ sub: 'alice', email: 'alice@example.com', groups: ['t1'] }));
    expect(user).toMatchObject({ userId: 'alice', email: 'alice@example.com', teamIds: ['t1'], admin: false });
    const byScope = await verifier.verify(await fake.sign({ sub: 'bob', scope: 'openid litellm_proxy_admin' }));
    expect(byScope.admin).toBe(true);
    const byRole = await verifier.verify(
      await fake.sign({ sub: 'carol', realm_access: { roles: ['gatehouse-admins'] } }),
    );
    expect(byRole.admin).toBe(true);
    // One fetch served all three: the JWKS is cached.
    expect(fake.requests).toBe(1);
  });

  it('refuses a tampered payload', async () => {
    const [header, , signature] = (await fake.sign({ sub: 'mallory' })).split('.');
    const forged = Buffer.from(
      JSON.stringify({
        sub: 'mallory',
        iss: fake.issuer,
        aud: fake.audience,
        exp: 4_102_444_800,
        scope: 'litellm_proxy_admin',
      }),
    ).toString('base64url');
    const refusal = await refusalOf(verifierFor(fake), `${header}.${forged}.${signature}`);
    expect(refusal).toMatchObject({ kind: 'authentication', message: 'token signature is invalid' });
  });

  it('refuses a wrong issuer, a wrong audience and an expired token', async () => {
    const verifier = verifierFor(fake);
    const wrongIssuer = await fake.sign({ sub: 'a' }, { issuer: 'https://other-idp.example.com' });
    expect((await refusalOf(verifier, wrongIssuer)).message).toBe('token issuer is not trusted');
    const wrongAudience = await fake.sign({ sub: 'a' }, { audience: 'another-app' });
    expect((await refusalOf(verifier, wrongAudience)).message).toBe('token audience is not accepted');
    const expired = await fake.sign({ sub: 'a' }, { expiresIn: -120 });
    expect((await refusalOf(verifier, expired)).message).toBe('token has expired');
  });

  it('stops accepting a rotated-out key once the cached JWKS expires', async () => {
    const verifier = verifierFor(fake, { jwks_cache_seconds: 1 });
    const oldKey = fake.currentKey;
    expect((await verifier.verify(await oldKey.sign({ sub: 'a' }))).userId).toBe('a');
    await fake.rotate();
    // Still cached: the old key verifies without another fetch.
    expect((await verifier.verify(await oldKey.sign({ sub: 'a' }))).userId).toBe('a');
    expect(fake.requests).toBe(1);
    await sleep(1_100);
    const refusal = await refusalOf(verifier, await oldKey.sign({ sub: 'a' }));
    expect(refusal).toMatchObject({ kind: 'authentication', message: 'token is signed by an unknown key' });
    expect(fake.requests).toBe(2);
  });

  it("refetches the JWKS for an unknown kid and accepts the provider's new key", async () => {
    const verifier = verifierFor(fake, { jwks_cache_seconds: 300, jwks_refetch_cooldown_seconds: 0 });
    expect((await verifier.verify(await fake.sign({ sub: 'a' }))).userId).toBe('a');
    const retired = await fake.rotate();
    expect((await verifier.verify(await fake.sign({ sub: 'b' }))).userId).toBe('b');
    expect(fake.requests).toBe(2);
    // The refetched JWKS no longer holds the retired key.
    expect((await refusalOf(verifier, await retired.sign({ sub: 'a' }))).message).toBe(
      'token is signed by an unknown key',
    );
  });

  it('answers unavailable when the provider cannot be reached', async () => {
    const verifier = verifierFor(fake);
    const token = await fake.sign({ sub: 'a' });
    await fake.close();
    expect(await refusalOf(verifier, token)).toMatchObject({ kind: 'unavailable' });
  });
});
