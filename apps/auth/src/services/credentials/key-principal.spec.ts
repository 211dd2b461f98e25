import { GatewayFailure } from '@gatehouse/errors';
import { ApiKeyEntity, GovernedColumns, newGovernedColumns, TeamEntity, UserEntity } from '../../repositories/entities';
import { keyPrincipal } from './key-principal';
import { allowedModels, NO_MODEL } from './scope-of';

const NOW = Date.UTC(2026, 10, 25);

function governed(overrides: Partial<GovernedColumns> = {}): GovernedColumns {
  return { ...newGovernedColumns(new Date(NOW - 1000)), ...overrides };
}

function key(overrides: Partial<ApiKeyEntity> = {}, limits: Partial<GovernedColumns> = {}): ApiKeyEntity {
  return Object.assign(new ApiKeyEntity(), {
    id: 'key-1',
    keyHash: 'a'.repeat(64),
    keyName: 'sk-...abcd',
    keyAlias: null,
    userId: null,
    teamId: null,
    expiresAt: null,
    blocked: false,
    modelRpmLimit: {},
    modelTpmLimit: {},
    guardrails: [],
    allowRequestGuardrails: false,
    createdBy: null,
    governed: governed(limits),
    ...overrides,
  });
}

function refusal(run: () => unknown): GatewayFailure {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayFailure) return error;
  }
  throw new Error('not refused');
}

describe('keyPrincipal', () => {
  it('carries one scope per owner that limits or budgets, and nothing for owners that do not', () => {
    const team = Object.assign(new TeamEntity(), {
      id: 'search',
      teamAlias: null,
      organizationId: 'org-1',
      blocked: false,
      guardrails: [],
      governed: governed({ maxBudgetMicroUsd: 5_000_000, budgetDuration: '30d', models: ['a', 'b'] }),
    });
    const user = Object.assign(new UserEntity(), {
      id: 'ana',
      userEmail: null,
      userAlias: null,
      userRole: 'proxy_admin' as const,
      organizationId: null,
      governed: governed(),
    });
    const principal = keyPrincipal(
      { key: key({ userId: 'ana', teamId: 'search', modelRpmLimit: { a: 5 } }, { rpmLimit: 20 }), user, team },
      NOW,
    );
    expect(principal).toMatchObject({
      kind: 'virtual_key',
      keyId: 'key-1',
      userId: 'ana',
      teamId: 'search',
      orgId: 'org-1',
      admin: true,
    });
    expect(principal.models).toEqual(['a', 'b']);
    expect(principal.scopes.map((scope) => scope.kind)).toEqual(['key', 'team']);
    expect(principal.scopes[0]).toMatchObject({
      limits: { rpm: 20, tpm: 0, maxParallel: 0 },
      modelLimits: { a: { rpm: 5 } },
    });
    expect(principal.scopes[1].budget).toEqual({
      maxMicroUsd: 5_000_000,
      durationSeconds: 2_592_000,
      anchorUnixMs: NOW - 1000,
    });
  });

  it("carries the key's guardrails, then its team's, each once; an admin's key may add its own", () => {
    const team = Object.assign(new TeamEntity(), {
      id: 'search',
      teamAlias: null,
      organizationId: null,
      blocked: false,
      guardrails: ['toxicity', 'pii-mask'],
      governed: governed(),
    });
    const own = key({ teamId: 'search', guardrails: ['pii-mask', 'secrets'] });
    const principal = keyPrincipal({ key: own, user: null, team }, NOW);
    expect(principal.guardrails).toEqual(['pii-mask', 'secrets', 'toxicity']);
    expect(principal.allowRequestGuardrails).toBe(false);
    expect(keyPrincipal({ key: key({ allowRequestGuardrails: true }), user: null, team: null }, NOW)).toMatchObject({
      guardrails: [],
      allowRequestGuardrails: true,
    });
    const admin = Object.assign(new UserEntity(), {
      id: 'ops',
      userEmail: null,
      userAlias: null,
      userRole: 'proxy_admin' as const,
      organizationId: null,
      governed: governed(),
    });
    expect(keyPrincipal({ key: key({ userId: 'ops' }), user: admin, team: null }, NOW).allowRequestGuardrails).toBe(
      true,
    );
  });

  it('refuses blocked and expired keys, and keys of blocked teams, without naming the key', () => {
    expect(refusal(() => keyPrincipal({ key: key({ blocked: true }), user: null, team: null }, NOW)).message).toMatch(
      /blocked/,
    );
    const expired = refusal(() =>
      keyPrincipal({ key: key({ expiresAt: new Date(NOW - 1) }), user: null, team: null }, NOW),
    );
    expect(expired).toMatchObject({ kind: 'authentication', details: { code: 'expired_key' } });
    const team = Object.assign(new TeamEntity(), {
      id: 't',
      teamAlias: null,
      organizationId: null,
      blocked: true,
      guardrails: [],
      governed: governed(),
    });
    expect(refusal(() => keyPrincipal({ key: key(), user: null, team }, NOW)).message).toContain("team 't'");
  });
});

describe('allowedModels', () => {
  it('narrows by every owner that restricts, and refuses everything when nothing is left', () => {
    expect(allowedModels([], [])).toEqual([]);
    expect(allowedModels(['a'], [])).toEqual(['a']);
    expect(allowedModels(['a', 'b'], ['b', 'c'])).toEqual(['b']);
    expect(allowedModels(['a'], ['c'])).toEqual([NO_MODEL]);
    expect(allowedModels(['*'], ['c'])).toEqual(['c']);
  });
});
