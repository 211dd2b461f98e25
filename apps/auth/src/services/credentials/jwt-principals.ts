import { Inject, Injectable } from '@nestjs/common';
import { common } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { LRUCache } from 'lru-cache';
import { AuthSettings } from '../../config/auth-settings';
import { CredentialsRepository } from '../../repositories/credentials.repository';
import { TeamEntity, UserEntity } from '../../repositories/entities';
import { JwtVerifier } from '../jwt-verifier';
import { allowedModels, scopeOf } from './scope-of';

export const JWT_VERIFIER = Symbol('JWT_VERIFIER');

interface Owners {
  user: UserEntity | null;
  team: TeamEntity | null;
  readAt: number;
}

/**
 * OIDC callers: the token proves who they are; the user and team rows of the same ids (when an
 * admin created them) add limits, budgets and model restrictions exactly as for a key.
 */
@Injectable()
export class JwtPrincipals {
  private readonly owners = new LRUCache<string, Owners>({ max: 10_000 });

  constructor(
    @Inject(JWT_VERIFIER) private readonly verifier: JwtVerifier | null,
    private readonly repository: CredentialsRepository,
    private readonly settings: AuthSettings,
  ) {}

  accepts(credential: string): boolean {
    return this.verifier !== null && this.verifier.looksLikeJwt(credential);
  }

  async principalOf(token: string): Promise<common.Principal> {
    if (!this.verifier) throw new GatewayFailure('authentication', 'invalid API key');
    const identity = await this.verifier.verify(token);
    const teamId = identity.teamIds[0] ?? '';
    const { user, team } = await this.ownersOf(identity.userId, teamId);
    if (team?.blocked) throw new GatewayFailure('authentication', `team '${team.id}' is blocked`);
    const scopes = [
      user ? scopeOf('user', user.id, user.governed) : undefined,
      team ? scopeOf('team', team.id, team.governed) : undefined,
    ].filter((scope) => scope !== undefined);
    const admin = identity.admin || user?.userRole === 'proxy_admin';
    return {
      kind: 'jwt',
      subject: identity.subject,
      keyAlias: identity.email ?? identity.subject,
      userId: identity.userId,
      teamId,
      orgId: team?.organizationId ?? user?.organizationId ?? '',
      models: allowedModels(team?.governed.models ?? [], user?.governed.models ?? []),
      scopes,
      expiresAtUnixMs: identity.expiresAtMs,
      admin,
      keyId: '',
      guardrails: team?.guardrails ?? [],
      allowRequestGuardrails: admin,
    };
  }

  /** Same outage rule as keys: owners read recently are served from memory, unknown ones get a 503. */
  private async ownersOf(userId: string, teamId: string): Promise<Owners> {
    const cacheKey = `${userId}\u0000${teamId}`;
    const now = Date.now();
    try {
      const [user, team] = await Promise.all([
        userId ? this.repository.findUser(userId) : null,
        teamId ? this.repository.findTeam(teamId) : null,
      ]);
      const owners = { user, team, readAt: now };
      this.owners.set(cacheKey, owners);
      return owners;
    } catch {
      const known = this.owners.get(cacheKey);
      if (known && now - known.readAt <= this.settings.staleMaxMs) return known;
      throw new GatewayFailure('unavailable', 'the key database is unavailable; try again shortly');
    }
  }
}
