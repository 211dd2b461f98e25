import { GatewayFailure } from '@gatehouse/errors';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  SignJWT,
  UnsecuredJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { JwtSettings, jwtSettingsFrom } from '../config/jwt-settings';
import { JwtVerifier } from './jwt-verifier';

const ISSUER = 'https://idp.example.com';
const AUDIENCE = 'gatehouse';

// The defaults come from the settings parser, so the verifier is tested with what operators get.
const parsed = jwtSettingsFrom({
  enable_jwt_auth: true,
  litellm_jwtauth: { public_key_url: 'https://idp.example.com/jwks.json', issuer: ISSUER, audience: AUDIENCE },
});
if (!parsed) throw new Error('the JWT settings did not parse');
const baseSettings: JwtSettings = parsed;

interface Signer {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function signer(alg: 'RS256' | 'ES256' | 'Ed25519', kid: string): Promise<Signer> {
  const { publicKey, privateKey } = await generateKeyPair(alg);
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

const nowSeconds = () => Math.floor(Date.now() / 1_000);

function sign(key: Signer, claims: JWTPayload, header: { kid?: string } = {}): Promise<string> {
  return new SignJWT({ iss: ISSUER, aud: AUDIENCE, sub: 'user-1', exp: nowSeconds() + 300, ...claims })
    .setProtectedHeader({ alg: key.alg, kid: header.kid ?? key.kid })
    .sign(key.privateKey);
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The refusal a token gets, checked to be a GatewayFailure that does not repeat the token. */
async function refusalOf(verifier: JwtVerifier, token: string): Promise<GatewayFailure> {
  const outcome = await verifier.verify(token).then(
    () => new Error('expected the token to be refused'),
    (error: unknown) => error,
  );
  if (!(outcome instanceof GatewayFailure)) throw outcome;
  const [header, payload] = token.split('.');
  for (const part of [token, header, payload].filter((p) => p && p.length > 8)) {
    expect(outcome.message).not.toContain(part);
  }
  return outcome;
}

describe('JwtVerifier', () => {
  let rsa: Signer;
  let keys: JWTVerifyGetKey;
  let keyLookups: number;
  const verifier = (overrides: Partial<JwtSettings> = {}, keySet?: JWTVerifyGetKey) =>
    new JwtVerifier({ ...baseSettings, ...overrides }, keySet ?? keys);

  beforeAll(async () => {
    rsa = await signer('RS256', 'rsa-1');
    const [ec, ed] = await Promise.all([signer('ES256', 'ec-1'), signer('Ed25519', 'ed-1')]);
    const local = createLocalJWKSet({ keys: [rsa.jwk, ec.jwk, ed.jwk] });
    keys = (header, token) => {
      keyLookups += 1;
      return local(header, token);
    };
  });
  beforeEach(() => {
    keyLookups = 0;
  });

  it('maps the default claims: user from sub, email, no teams, not admin', async () => {
    const exp = nowSeconds() + 120;
    const identity = await verifier().verify(await sign(rsa, { sub: 'u-42', email: 'a@example.com', exp }));
    expect(identity).toEqual({
      subject: 'u-42',
      userId: 'u-42',
      teamIds: [],
      email: 'a@example.com',
      admin: false,
      expiresAtMs: exp * 1_000,
    });
  });

  it('maps configured claims, resolving dotted names to nested claims', async () => {
    const settings = {
      userIdField: 'oid',
      userEmailField: 'upn',
      teamIdField: 'tenant.id',
      teamIdsField: 'cognito:groups',
      rolesField: 'realm_access.roles',
      adminRoleValues: ['platform-admins'],
    };
    const token = await sign(rsa, {
      oid: 'object-7',
      upn: 'b@example.com',
      tenant: { id: 'team-a' },
      'cognito:groups': ['team-b', 'team-a'],
      realm_access: { roles: ['viewer', 'platform-admins'] },
    });
    expect(await verifier(settings).verify(token)).toMatchObject({
      subject: 'user-1',
      userId: 'object-7',
      email: 'b@example.com',
      teamIds: ['team-a', 'team-b'],
      admin: true,
    });
  });

  it('matches a namespaced claim whose name contains dots as a whole', async () => {
    const settings = { rolesField: 'https://gatehouse.example.com/roles', adminRoleValues: ['admin'] };
    const token = await sign(rsa, { 'https://gatehouse.example.com/roles': ['admin'] });
    expect((await verifier(settings).verify(token)).admin).toBe(true);
  });

  it('accepts a numeric user id and falls back to the default team', async () => {
    const token = await sign(rsa, { uid: 1234 });
    const identity = await verifier({ userIdField: 'uid', teamIdsField: 'groups', teamIdDefault: 'everyone' }).verify(
      token,
    );
    expect(identity).toMatchObject({ userId: '1234', teamIds: ['everyone'] });
  });

  it.each([
    ['a space-separated scope', { scope: 'openid litellm_proxy_admin profile' }, true],
    ['an scp list (Okta)', { scp: ['openid', 'litellm_proxy_admin'] }, true],
    ['an scp string (Entra)', { scp: 'user.read litellm_proxy_admin' }, true],
    ['a lookalike scope', { scope: 'litellm_proxy_admin_readonly' }, false],
    ['an admin role without a roles field configured', { roles: ['platform-admins'] }, false],
  ])('decides admin from %s', async (_label, claims, admin) => {
    expect((await verifier({ adminRoleValues: ['platform-admins'] }).verify(await sign(rsa, claims))).admin).toBe(
      admin,
    );
  });

  it('accepts ES256 and EdDSA tokens', async () => {
    const ec = await signer('ES256', 'ec-2');
    const ed = await signer('Ed25519', 'ed-2');
    const ownKeys = createLocalJWKSet({ keys: [ec.jwk, ed.jwk] });
    expect((await verifier({}, ownKeys).verify(await sign(ec, { sub: 'ec-user' }))).userId).toBe('ec-user');
    expect((await verifier({}, ownKeys).verify(await sign(ed, { sub: 'ed-user' }))).userId).toBe('ed-user');
  });

  it('accepts any configured audience, and a client_id audience for Cognito access tokens', async () => {
    const token = await sign(rsa, { aud: 'cli' });
    expect((await verifier({ audiences: ['web', 'cli'] }).verify(token)).userId).toBe('user-1');
    const cognito = verifier({ audienceField: 'client_id', audiences: ['app-client'] });
    const accessToken = await sign(rsa, { aud: undefined, client_id: 'app-client' });
    expect((await cognito.verify(accessToken)).userId).toBe('user-1');
    const other = await refusalOf(cognito, await sign(rsa, { aud: undefined, client_id: 'other-client' }));
    expect(other.message).toBe('token audience is not accepted');
  });

  it('allows the configured clock skew and no more', async () => {
    const slightlyLate = await sign(rsa, { exp: nowSeconds() - 10 });
    expect((await verifier().verify(slightlyLate)).userId).toBe('user-1');
    const expired = await refusalOf(verifier(), await sign(rsa, { exp: nowSeconds() - 60 }));
    expect(expired).toMatchObject({ kind: 'authentication', message: 'token has expired' });
  });

  it.each([
    ['a wrong issuer', { iss: 'https://evil.example.com' }, 'token issuer is not trusted'],
    ['a wrong audience', { aud: 'someone-else' }, 'token audience is not accepted'],
    ['no expiry', { exp: undefined }, 'token has no valid expiry (exp)'],
    ['no subject', { sub: undefined }, 'token has no subject (sub)'],
    ['a future nbf', { nbf: nowSeconds() + 600 }, 'token is not valid yet'],
  ])('refuses a token with %s', async (_label, claims, message) => {
    expect(await refusalOf(verifier(), await sign(rsa, claims))).toMatchObject({ kind: 'authentication', message });
  });

  it('refuses a token without the configured user id claim', async () => {
    const refusal = await refusalOf(verifier({ userIdField: 'oid' }), await sign(rsa, {}));
    expect(refusal.message).toBe('token has no "oid" claim to identify the user');
  });

  it('refuses a tampered payload', async () => {
    const [header, , signature] = (await sign(rsa, {})).split('.');
    const payload = base64url({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: 'user-1',
      exp: nowSeconds() + 300,
      scope: 'litellm_proxy_admin',
    });
    const refusal = await refusalOf(verifier(), `${header}.${payload}.${signature}`);
    expect(refusal).toMatchObject({ kind: 'authentication', message: 'token signature is invalid' });
  });

  it('refuses a token signed by another key under a published kid', async () => {
    const impostor = await signer('RS256', 'rsa-1');
    const refusal = await refusalOf(verifier(), await sign(impostor, {}));
    expect(refusal.message).toBe('token signature is invalid');
  });

  it('refuses a token whose kid is not published', async () => {
    const refusal = await refusalOf(verifier(), await sign(rsa, {}, { kid: 'retired-key' }));
    expect(refusal).toMatchObject({ kind: 'authentication', message: 'token is signed by an unknown key' });
  });

  it('refuses alg none and HMAC before looking up any key', async () => {
    const unsigned = new UnsecuredJWT({ iss: ISSUER, aud: AUDIENCE, sub: 'user-1' }).setExpirationTime('5m').encode();
    const hmac = await new SignJWT({ iss: ISSUER, aud: AUDIENCE, sub: 'user-1' })
      .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!'));
    for (const token of [unsigned, hmac]) {
      const refusal = await refusalOf(verifier(), token);
      expect(refusal.kind).toBe('authentication');
      expect(refusal.message).toBe('token algorithm is not allowed; only RS*, PS*, ES* and EdDSA are accepted');
    }
    expect(keyLookups).toBe(0);
  });

  it.each([
    ['an API key', 'sk-1234567890abcdef'],
    ['two segments', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0'],
    ['a header that is not JSON', `${Buffer.from('not json').toString('base64url')}.e30.c2ln`],
    ['a header without alg', `${base64url({ typ: 'JWT' })}.e30.c2ln`],
  ])('refuses %s as malformed', async (_label, token) => {
    expect(await refusalOf(verifier(), token)).toMatchObject({ kind: 'authentication', message: 'token is malformed' });
  });

  it('answers unavailable, not unauthenticated, when the keys cannot be fetched', async () => {
    const unreachable: JWTVerifyGetKey = () => Promise.reject(new TypeError('fetch failed'));
    const refusal = await refusalOf(verifier({}, unreachable), await sign(rsa, {}));
    expect(refusal).toMatchObject({ kind: 'unavailable' });
  });

  describe('looksLikeJwt', () => {
    it('recognises signed and unsigned compact tokens', async () => {
      expect(verifier().looksLikeJwt(await sign(rsa, {}))).toBe(true);
      expect(verifier().looksLikeJwt(`${base64url({ alg: 'none' })}.${base64url({ sub: 'x' })}.`)).toBe(true);
    });

    it.each([
      ['an API key', 'sk-1234567890abcdef'],
      ['an empty string', ''],
      ['four segments', `${base64url({ alg: 'RS256' })}.e30.c2ln.c2ln`],
      ['non-base64url characters', `${base64url({ alg: 'RS256' })}.e3+0.c2ln`],
      ['a header without alg', `${base64url({ typ: 'JWT' })}.e30.c2ln`],
      ['an oversized token', `${base64url({ alg: 'RS256' })}.${'a'.repeat(20_000)}.c2ln`],
    ])('rejects %s', (_label, credential) => {
      expect(verifier().looksLikeJwt(credential)).toBe(false);
    });
  });
});
