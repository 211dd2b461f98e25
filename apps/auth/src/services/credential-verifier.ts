import { Injectable } from '@nestjs/common';
import { auth, common } from '@gatehouse/contracts';
import { GatewayFailure, toWire } from '@gatehouse/errors';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AuthSettings } from '../config/auth-settings';

/** How long edge-api may reuse an answer before asking again. */
const CACHE_TTL_MS = 30_000;

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Decides who a bearer credential belongs to. */
@Injectable()
export class CredentialVerifier {
  private readonly masterKeyHash: Buffer | undefined;

  constructor(settings: AuthSettings) {
    this.masterKeyHash = settings.masterKey ? sha256(settings.masterKey) : undefined;
  }

  authenticate(request: auth.AuthenticateRequest): auth.AuthenticateResponse {
    const presented = sha256(request.credential);
    // Comparing fixed-length digests in constant time reveals nothing about the key's content.
    if (this.masterKeyHash && timingSafeEqual(presented, this.masterKeyHash)) {
      return { principal: masterPrincipal(presented), cacheTtlMs: CACHE_TTL_MS };
    }
    return { error: toWire(new GatewayFailure('authentication', 'invalid API key')), cacheTtlMs: 0 };
  }
}

function masterPrincipal(hash: Buffer): common.Principal {
  return {
    kind: 'master',
    subject: hash.toString('hex'),
    keyAlias: 'master',
    userId: '',
    teamId: '',
    orgId: '',
    models: [],
  };
}
