import { Injectable } from '@nestjs/common';
import { auth, common, makePrincipal } from '@gatehouse/contracts';
import { asFailure, toWire } from '@gatehouse/errors';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AuthSettings } from '../config/auth-settings';
import { JwtPrincipals } from './credentials/jwt-principals';
import { KeyLookupService } from './credentials/key-lookup.service';

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Decides who a bearer credential belongs to: the master key, a virtual key or an OIDC JWT. */
@Injectable()
export class CredentialVerifier {
  private readonly masterKeyHash: Buffer | undefined;

  constructor(
    private readonly settings: AuthSettings,
    private readonly keys: KeyLookupService,
    private readonly jwts: JwtPrincipals,
  ) {
    this.masterKeyHash = settings.masterKey ? sha256(settings.masterKey) : undefined;
  }

  async authenticate(request: auth.AuthenticateRequest): Promise<auth.AuthenticateResponse> {
    try {
      const principal = await this.principalOf(request.credential);
      return { principal, cacheTtlMs: this.ttlFor(principal) };
    } catch (error) {
      return { error: toWire(asFailure(error)), cacheTtlMs: 0 };
    }
  }

  private async principalOf(credential: string): Promise<common.Principal> {
    const presented = sha256(credential);
    // Comparing fixed-length digests in constant time reveals nothing about the key's content.
    if (this.masterKeyHash && timingSafeEqual(presented, this.masterKeyHash)) return masterPrincipal(presented);
    if (this.jwts.accepts(credential)) return this.jwts.principalOf(credential);
    return this.keys.principalFor(presented.toString('hex'));
  }

  /** Never cache an answer past the credential's own expiry. */
  private ttlFor(principal: common.Principal): number {
    const expiresAt = principal.expiresAtUnixMs;
    if (expiresAt === 0) return this.settings.cacheTtlMs;
    return Math.max(0, Math.min(this.settings.cacheTtlMs, expiresAt - Date.now()));
  }
}

function masterPrincipal(hash: Buffer): common.Principal {
  return makePrincipal({
    kind: 'master',
    subject: hash.toString('hex'),
    keyAlias: 'master',
    admin: true,
    allowRequestGuardrails: true,
  });
}
