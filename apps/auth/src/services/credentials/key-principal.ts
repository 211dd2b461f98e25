import { common } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { KeyRecord } from '../../repositories/credentials.repository';
import { allowedModels, modelLimitsOf, scopeOf } from './scope-of';

/**
 * Who a virtual key acts for, with every limit and budget that applies to it; refuses blocked and
 * expired keys (and keys of blocked teams) with the reason, never with the key.
 */
export function keyPrincipal({ key, user, team }: KeyRecord, nowMs: number): common.Principal {
  if (key.blocked) throw new GatewayFailure('authentication', 'this API key is blocked');
  if (team?.blocked) throw new GatewayFailure('authentication', `team '${team.id}' is blocked`);
  if (key.expiresAt && key.expiresAt.getTime() <= nowMs) {
    throw new GatewayFailure('authentication', `this API key expired at ${key.expiresAt.toISOString()}`, {
      code: 'expired_key',
    });
  }
  const scopes = [
    scopeOf('key', key.id, key.governed, modelLimitsOf(key.modelRpmLimit, key.modelTpmLimit)),
    user ? scopeOf('user', user.id, user.governed) : undefined,
    team ? scopeOf('team', team.id, team.governed) : undefined,
  ].filter((scope) => scope !== undefined);
  const admin = user?.userRole === 'proxy_admin';
  return {
    kind: 'virtual_key',
    subject: key.keyHash,
    keyAlias: key.keyAlias ?? key.keyName,
    userId: key.userId ?? '',
    teamId: key.teamId ?? '',
    orgId: team?.organizationId ?? user?.organizationId ?? '',
    models: allowedModels(key.governed.models, team?.governed.models ?? [], user?.governed.models ?? []),
    scopes,
    expiresAtUnixMs: key.expiresAt?.getTime() ?? 0,
    admin,
    keyId: key.id,
    guardrails: [...new Set([...key.guardrails, ...(team?.guardrails ?? [])])],
    allowRequestGuardrails: key.allowRequestGuardrails || admin,
  };
}
