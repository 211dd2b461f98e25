import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import { createServer, type ServerResponse } from 'node:http';
import { listen } from '../fake-http/listen';

export type FakeOidcAlgorithm = 'RS256' | 'ES256';

export interface FakeOidcOptions {
  /** Defaults to the server's own URL, as real providers do. */
  issuer?: string;
  /** The `aud` put in tokens unless `sign` is told otherwise; defaults to `gatehouse`. */
  audience?: string;
  /** Defaults to RS256, what Okta, Cognito and Entra ID sign with. */
  algorithm?: FakeOidcAlgorithm;
}

export interface FakeOidcSignOptions {
  /** Seconds from now until `exp`; negative for an already expired token. Defaults to 300. */
  expiresIn?: number;
  /** The header `kid`, to claim a key other than the one that signs. */
  kid?: string;
  issuer?: string;
  audience?: string | string[];
}

/** One signing key; it keeps signing after `rotate()` removed it from the JWKS. */
export interface FakeOidcKey {
  readonly kid: string;
  readonly algorithm: FakeOidcAlgorithm;
  sign(claims: JWTPayload, options?: FakeOidcSignOptions): Promise<string>;
}

export interface FakeOidc {
  readonly url: string;
  readonly issuer: string;
  readonly audience: string;
  /** The endpoint for `public_key_url`. */
  readonly jwksUrl: string;
  /** How many times the JWKS has been fetched. */
  readonly requests: number;
  /** The key the JWKS publishes and `sign` uses. */
  readonly currentKey: FakeOidcKey;
  /** Signs with the current key; `iat` and `exp` are set, other claims are the caller's. */
  sign(claims: JWTPayload, options?: FakeOidcSignOptions): Promise<string>;
  /** Publishes a new current key in place of the old one, which is returned so a test can still sign with it. */
  rotate(): Promise<FakeOidcKey>;
  close(): Promise<void>;
}

interface KeyDefaults {
  issuer: string;
  audience: string;
}

interface PublishedKey {
  handle: FakeOidcKey;
  jwk: JWK;
}

const JWKS_PATH = '/jwks.json';
const DISCOVERY_PATH = '/.well-known/openid-configuration';

/**
 * An OpenID provider's discovery document and JWKS over real HTTP on loopback, with keys made by
 * jose; stands in for Okta, Cognito or Entra ID. https://openid.net/specs/openid-connect-discovery-1_0.html
 */
export async function startFakeOidc(options: FakeOidcOptions = {}): Promise<FakeOidc> {
  const algorithm = options.algorithm ?? 'RS256';
  // Keys read these when they sign, so the issuer can default to the URL once the server listens.
  const defaults: KeyDefaults = { issuer: options.issuer ?? '', audience: options.audience ?? 'gatehouse' };
  let published = await createKey(algorithm, defaults);
  let requests = 0;
  let baseUrl = '';

  const server = createServer((req, res) => {
    if (req.method !== 'GET') return json(res, 405, { error: 'method_not_allowed' });
    if (req.url === JWKS_PATH) {
      requests += 1;
      return json(res, 200, { keys: [published.jwk] });
    }
    if (req.url === DISCOVERY_PATH) return json(res, 200, discovery(defaults.issuer, baseUrl));
    json(res, 404, { error: 'not_found' });
  });
  const { url, close } = await listen(server);
  baseUrl = url;
  if (options.issuer === undefined) defaults.issuer = url;

  return {
    url,
    issuer: defaults.issuer,
    audience: defaults.audience,
    jwksUrl: `${url}${JWKS_PATH}`,
    get requests() {
      return requests;
    },
    get currentKey() {
      return published.handle;
    },
    sign: (claims, signOptions) => published.handle.sign(claims, signOptions),
    async rotate() {
      const previous = published;
      published = await createKey(algorithm, defaults);
      return previous.handle;
    },
    close,
  };
}

async function createKey(algorithm: FakeOidcAlgorithm, defaults: KeyDefaults): Promise<PublishedKey> {
  const { publicKey, privateKey } = await generateKeyPair(algorithm);
  const jwk = await exportJWK(publicKey);
  // Providers commonly use the RFC 7638 thumbprint as the kid, so it changes with every key.
  const kid = await calculateJwkThumbprint(jwk);
  const handle: FakeOidcKey = {
    kid,
    algorithm,
    sign: (claims, signOptions = {}) => signWith(privateKey, algorithm, kid, defaults, claims, signOptions),
  };
  return { handle, jwk: { ...jwk, kid, alg: algorithm, use: 'sig' } };
}

function signWith(
  privateKey: CryptoKey,
  algorithm: FakeOidcAlgorithm,
  kid: string,
  defaults: KeyDefaults,
  claims: JWTPayload,
  options: FakeOidcSignOptions,
): Promise<string> {
  const now = Math.floor(Date.now() / 1_000);
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: algorithm, kid: options.kid ?? kid, typ: 'JWT' })
    .setIssuer(options.issuer ?? defaults.issuer)
    .setAudience(options.audience ?? defaults.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresIn ?? 300))
    .sign(privateKey);
}

function discovery(issuer: string, baseUrl: string): Record<string, unknown> {
  return {
    issuer,
    jwks_uri: `${baseUrl}${JWKS_PATH}`,
    authorization_endpoint: `${baseUrl}/authorize`,
    token_endpoint: `${baseUrl}/token`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256', 'ES256'],
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
