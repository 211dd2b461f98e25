import { common } from '@gatehouse/contracts';
import { fromWire, GatewayFailure } from '@gatehouse/errors';
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { Credentials } from '../ports/credentials';

/**
 * Answers "who is this?" for every request. Known credentials are answered from memory; only a
 * miss costs a call to the auth service. Entries live as long as auth says they may, and go at
 * once when a control.v1 event says the key (or its user or team) changed.
 */
export class AuthenticationService {
  /** Keyed by the credential's hex SHA-256, the same hash auth stores and names in its events. */
  private readonly cache = new LRUCache<string, common.Principal>({ max: 50_000, ttl: 60_000 });

  constructor(private readonly credentials: Credentials) {}

  /** The key comes as `Authorization: Bearer` (OpenAI clients) or `x-api-key` (Anthropic clients). */
  async authenticate(authorization: string | undefined, requestId: string, apiKey?: string): Promise<common.Principal> {
    const credential = authorization === undefined && apiKey ? apiKey.trim() : bearerToken(authorization);
    const hash = createHash('sha256').update(credential).digest('hex');
    const cached = this.cache.get(hash);
    if (cached) {
      const expiresAt = cached.expiresAtUnixMs;
      if (expiresAt === 0 || expiresAt > Date.now()) return cached;
      this.cache.delete(hash);
    }
    const answer = await this.credentials.authenticate({ credential, requestId });
    if (!answer.principal) throw fromWire(answer.error ?? { kind: 'authentication', message: 'invalid API key' });
    if (answer.cacheTtlMs > 0) this.cache.set(hash, answer.principal, { ttl: answer.cacheTtlMs });
    return answer.principal;
  }

  /** A key was revoked, blocked or changed somewhere: the next request asks auth again. */
  forgetKey(keyHash: string): void {
    this.cache.delete(keyHash);
  }

  /** A user's or team's rules changed; which cached keys they own is not tracked, so all go. */
  forgetAll(): void {
    this.cache.clear();
  }
}

function bearerToken(authorization: string | undefined): string {
  const match = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  if (!match) {
    throw new GatewayFailure(
      'authentication',
      'missing API key: send it as "Authorization: Bearer <key>" or "x-api-key: <key>"',
    );
  }
  return match[1];
}
