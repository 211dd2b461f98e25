import { asFailure, GatewayFailure } from '@gatehouse/errors';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { JwtSettings } from '../config/jwt-settings';

/** Who a verified OIDC token speaks for, after the configured claim mapping. */
export interface JwtIdentity {
  /** The token's `sub`, as the provider issued it. */
  subject: string;
  userId: string;
  teamIds: string[];
  email?: string;
  admin: boolean;
  expiresAtMs: number;
}

/**
 * Asymmetric algorithms only: an HMAC token would be checked against a key the provider publishes,
 * so anyone could mint one, and `none` carries no signature at all.
 */
export const ALLOWED_JWT_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

// Large enough for Entra tokens carrying many groups; bounds the work done on garbage.
const MAX_TOKEN_CHARS = 16_384;
const JWKS_TIMEOUT_MS = 5_000;
const SEGMENT = /^[A-Za-z0-9_-]+$/;
// An unsigned (`alg: none`) token has an empty third segment; it is still routed here to be refused by name.
const SIGNATURE = /^[A-Za-z0-9_-]*$/;

/** Verifies OIDC JWTs against the provider's JWKS and maps their claims to a Gatehouse identity. */
export class JwtVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(
    private readonly settings: JwtSettings,
    keySet: JWTVerifyGetKey = remoteKeySet(settings),
  ) {
    this.keys = separateFetchFailures(keySet);
  }

  /** Whether a bearer credential is shaped like a JWS compact token (and so is not an API key). */
  looksLikeJwt(credential: string): boolean {
    if (credential.length > MAX_TOKEN_CHARS) return false;
    const parts = credential.split('.');
    if (parts.length !== 3 || !SEGMENT.test(parts[0]) || !SEGMENT.test(parts[1]) || !SIGNATURE.test(parts[2])) {
      return false;
    }
    try {
      const header: unknown = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
      return typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string';
    } catch {
      return false;
    }
  }

  /** Resolves the identity, or throws an `authentication` failure whose message never contains the token. */
  async verify(token: string): Promise<JwtIdentity> {
    if (!this.looksLikeJwt(token)) throw refused('token is malformed');
    const checksAud = this.settings.audienceField === 'aud';
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        algorithms: ALLOWED_JWT_ALGORITHMS,
        issuer: this.settings.issuer,
        audience: checksAud ? [...this.settings.audiences] : undefined,
        clockTolerance: this.settings.clockToleranceSeconds,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw failureFor(error);
    }
    if (
      !checksAud &&
      !stringsAt(payload, this.settings.audienceField).some((v) => this.settings.audiences.includes(v))
    ) {
      throw refused('token audience is not accepted');
    }
    return identityOf(payload, this.settings);
  }
}

function remoteKeySet(settings: JwtSettings): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(settings.publicKeyUrl), {
    cacheMaxAge: settings.jwksCacheSeconds * 1_000,
    cooldownDuration: settings.jwksRefetchCooldownSeconds * 1_000,
    timeoutDuration: JWKS_TIMEOUT_MS,
  });
}

/** The JWKS could not be read: the provider's fault or the network's, never the caller's. */
class KeySetUnavailable extends Error {}

// Only these come from matching the token against a key set that was read; anything else thrown
// while getting keys (timeout, refused connection, non-200, a malformed JWKS) means there is no key set.
const KEY_MATCH_CODES = new Set([
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
  'ERR_JOSE_NOT_SUPPORTED',
]);

function separateFetchFailures(keySet: JWTVerifyGetKey): JWTVerifyGetKey {
  return async (header, token) => {
    try {
      return await keySet(header, token);
    } catch (error) {
      if (KEY_MATCH_CODES.has(codeOf(error))) throw error;
      throw new KeySetUnavailable('JWKS unavailable', { cause: error });
    }
  };
}

function failureFor(error: unknown): GatewayFailure {
  if (error instanceof KeySetUnavailable) {
    return new GatewayFailure('unavailable', "the identity provider's signing keys could not be fetched");
  }
  switch (codeOf(error)) {
    case 'ERR_JWT_EXPIRED':
      return refused('token has expired');
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return refused(claimProblem((error as { claim?: unknown }).claim));
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return refused('token signature is invalid');
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return refused('token is signed by an unknown key');
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return refused('token names no key id and several keys could match');
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return refused('token algorithm is not allowed; only RS*, PS*, ES* and EdDSA are accepted');
    case 'ERR_JOSE_NOT_SUPPORTED':
      return refused('token is signed with an unsupported key');
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return refused('token is malformed');
    default:
      return asFailure(error);
  }
}

function claimProblem(claim: unknown): string {
  switch (claim) {
    case 'iss':
      return 'token issuer is not trusted';
    case 'aud':
      return 'token audience is not accepted';
    case 'nbf':
      return 'token is not valid yet';
    case 'exp':
      return 'token has no valid expiry (exp)';
    case 'sub':
      return 'token has no subject (sub)';
    case 'iat':
      return 'token issue time (iat) is invalid';
    default:
      return 'token claims are invalid';
  }
}

function identityOf(payload: JWTPayload, settings: JwtSettings): JwtIdentity {
  if (typeof payload.sub !== 'string' || payload.sub === '') throw refused(claimProblem('sub'));
  const userId = idAt(payload, settings.userIdField);
  if (userId === undefined) throw refused(`token has no "${settings.userIdField}" claim to identify the user`);
  const named = [
    ...(settings.teamIdField ? stringsAt(payload, settings.teamIdField) : []),
    ...(settings.teamIdsField ? stringsAt(payload, settings.teamIdsField) : []),
  ];
  const teamIds = named.length > 0 ? [...new Set(named)] : settings.teamIdDefault ? [settings.teamIdDefault] : [];
  const email = claimAt(payload, settings.userEmailField);
  return {
    subject: payload.sub,
    userId,
    teamIds,
    ...(typeof email === 'string' && email !== '' ? { email } : {}),
    admin: isAdmin(payload, settings),
    expiresAtMs: Number(payload.exp) * 1_000,
  };
}

function isAdmin(payload: JWTPayload, settings: JwtSettings): boolean {
  // OAuth puts scopes in `scope` as one space-separated string; Entra and Okta use `scp`, as a string or a list.
  const scopes = [...stringsAt(payload, 'scope'), ...stringsAt(payload, 'scp')].flatMap((s) => s.split(' '));
  if (scopes.includes(settings.adminScope)) return true;
  if (!settings.rolesField) return false;
  return stringsAt(payload, settings.rolesField).some((role) => settings.adminRoleValues.includes(role));
}

/**
 * A claim by name; a name with dots that is not itself a claim walks nested objects
 * (`realm_access.roles`), while namespaced claims such as `https://example.com/roles` match whole.
 */
function claimAt(payload: JWTPayload, name: string): unknown {
  if (Object.hasOwn(payload, name)) return payload[name];
  let node: unknown = payload;
  for (const part of name.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node) || !Object.hasOwn(node, part)) {
      return undefined;
    }
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function stringsAt(payload: JWTPayload, name: string): string[] {
  const value = claimAt(payload, name);
  const values = Array.isArray(value) ? (value as unknown[]) : [value];
  return values.filter((item): item is string => typeof item === 'string' && item !== '');
}

// Some providers issue numeric user ids; they are ids all the same.
function idAt(payload: JWTPayload, name: string): string | undefined {
  const value = claimAt(payload, name);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function codeOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : '';
}

function refused(message: string): GatewayFailure {
  return new GatewayFailure('authentication', message);
}
