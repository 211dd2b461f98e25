import { Inject, Injectable } from '@nestjs/common';
import { common } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { Logger } from '@gatehouse/logging';
import { LRUCache } from 'lru-cache';
import { AUTH_LOGGER, AuthSettings } from '../../config/auth-settings';
import { CredentialsRepository } from '../../repositories/credentials.repository';
import { keyPrincipal } from './key-principal';

interface Known {
  principal: common.Principal;
  readAt: number;
}

/**
 * Virtual keys by hash. Every successful read is remembered, so that when Postgres is unreachable
 * a key seen within `staleMaxMs` keeps working while an unknown key gets a clear 503: a database
 * blink must never turn into every key being refused.
 */
@Injectable()
export class KeyLookupService {
  private readonly known: LRUCache<string, Known>;
  private lastOutageLog = 0;

  constructor(
    private readonly repository: CredentialsRepository,
    private readonly settings: AuthSettings,
    @Inject(AUTH_LOGGER) private readonly logger: Logger,
  ) {
    this.known = new LRUCache({ max: settings.staleKeysMax });
  }

  async principalFor(keyHash: string, nowMs = Date.now()): Promise<common.Principal> {
    let record;
    try {
      record = await this.repository.findKey(keyHash);
    } catch (error) {
      return this.fromMemory(keyHash, nowMs, error);
    }
    if (!record) {
      this.known.delete(keyHash);
      throw new GatewayFailure('authentication', 'invalid API key');
    }
    const principal = keyPrincipal(record, nowMs);
    this.known.set(keyHash, { principal, readAt: nowMs });
    return principal;
  }

  /** A key changed or was removed through this process: its remembered copy must not outlive it. */
  forget(keyHash: string): void {
    this.known.delete(keyHash);
  }

  private fromMemory(keyHash: string, nowMs: number, error: unknown): common.Principal {
    if (nowMs - this.lastOutageLog > 10_000) {
      this.lastOutageLog = nowMs;
      this.logger.error({ err: error }, 'key database unreachable: answering known keys from memory');
    }
    const known = this.known.get(keyHash);
    if (!known || nowMs - known.readAt > this.settings.staleMaxMs) {
      throw new GatewayFailure('unavailable', 'the key database is unavailable; try again shortly');
    }
    const expiresAt = known.principal.expiresAtUnixMs;
    if (expiresAt > 0 && expiresAt <= nowMs) throw new GatewayFailure('authentication', 'this API key has expired');
    return known.principal;
  }
}
