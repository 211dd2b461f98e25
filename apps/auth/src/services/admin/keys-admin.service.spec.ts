import { common, makePrincipal } from '@gatehouse/contracts';
import { createHash } from 'node:crypto';
import { adminCaller, failureOf } from '../../../test/admin-calls';
import { AuthSettings } from '../../config/auth-settings';
import { ControlEventsRepository } from '../../repositories/control-events.repository';
import { ApiKeyEntity } from '../../repositories/entities';
import { KeyPatch, KeysRepository } from '../../repositories/keys.repository';

import { KeysAdminService } from './keys-admin.service';

const NOW = Date.UTC(2026, 2, 1, 12);
const DAY_MS = 86_400_000;
const KEY_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const SECRET = 'sk-existing-secret-value-1234';
const HASH = sha256(SECRET);

const master: common.Principal = makePrincipal({ kind: 'master', subject: 'master-hash', keyAlias: 'master' });
const ownKey: common.Principal = { ...master, kind: 'virtual_key', keyAlias: 'mine', keyId: KEY_ID };

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function storedKey(
  overrides: Partial<ApiKeyEntity> = {},
  governed: Partial<ApiKeyEntity['governed']> = {},
): ApiKeyEntity {
  return {
    id: KEY_ID,
    keyHash: HASH,
    keyName: 'sk-...1234',
    keyAlias: 'billing',
    userId: null,
    teamId: null,
    expiresAt: null,
    blocked: false,
    modelRpmLimit: {},
    modelTpmLimit: {},
    guardrails: [],
    allowRequestGuardrails: false,
    createdBy: 'master_key',
    ...overrides,
    governed: {
      maxBudgetMicroUsd: 10_000_000,
      budgetDuration: '1d',
      budgetAnchor: new Date(NOW - 10 * DAY_MS),
      spendMicroUsd: 2_500_000,
      spendWindowStart: new Date(NOW),
      rpmLimit: null,
      tpmLimit: null,
      maxParallelRequests: null,
      models: [],
      metadata: {},
      createdAt: new Date(NOW - 10 * DAY_MS),
      updatedAt: new Date(NOW - 10 * DAY_MS),
      ...governed,
    },
  };
}

/** A mock that fails the test when called without an answer set up for it. */
function strict<F extends (...args: never[]) => unknown>(name: string) {
  return jest.fn<ReturnType<F>, Parameters<F>>(() => {
    throw new Error(`unexpected call to ${name}`);
  });
}

function harness() {
  const keys = {
    findByHash: strict<KeysRepository['findByHash']>('findByHash'),
    findById: strict<KeysRepository['findById']>('findById'),
    findByHashes: strict<KeysRepository['findByHashes']>('findByHashes'),
    findByAliases: strict<KeysRepository['findByAliases']>('findByAliases'),
    list: strict<KeysRepository['list']>('list'),
    teamModels: strict<KeysRepository['teamModels']>('teamModels'),
    userExists: strict<KeysRepository['userExists']>('userExists'),
    insert: strict<KeysRepository['insert']>('insert'),
    update: strict<KeysRepository['update']>('update'),
    delete: strict<KeysRepository['delete']>('delete'),
  };
  keys.insert.mockImplementation((key) => Promise.resolve(key));
  keys.update.mockImplementation((_id, patch: KeyPatch) => {
    const before = storedKey();
    const after = { ...before, ...patch, governed: { ...before.governed, ...patch.governed } };
    return Promise.resolve({ before, after });
  });
  const events = { keyChanged: jest.fn<void, Parameters<ControlEventsRepository['keyChanged']>>() };
  const settings = new AuthSettings(undefined, 0, 0, 0, undefined, new Set(['pii-mask', 'toxicity']));
  const service = new KeysAdminService(
    keys as unknown as KeysRepository,
    events as unknown as ControlEventsRepository,
    settings,
  );
  const call = adminCaller(() => service.handlers(), master, 'req-1');
  return { keys, events, call };
}

beforeEach(() => {
  jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'queueMicrotask'] });
});

afterEach(() => {
  jest.useRealTimers();
});

describe('KeysAdminService key.generate', () => {
  it('stores only the hash of a new sk- key, returns the key once, and money in dollars', async () => {
    const { keys, events, call } = harness();
    const answer = await call('key.generate', {
      key_alias: 'billing',
      duration: '30d',
      max_budget: 10.5,
      budget_duration: '1d',
      rpm_limit: '100',
      metadata: { app: 'billing' },
      tags: ['prod'],
      unknown_litellm_field: true,
    });

    const key = answer.key as string;
    expect(key).toMatch(/^sk-[A-Za-z0-9_-]{43}$/);
    const [row, audit] = keys.insert.mock.calls[0];
    expect(row.keyHash).toBe(sha256(key));
    expect(row.keyName).toBe(`sk-...${key.slice(-4)}`);
    expect(JSON.stringify(row)).not.toContain(key);
    expect(row.expiresAt?.getTime()).toBe(NOW + 30 * DAY_MS);
    expect(row.governed).toMatchObject({
      maxBudgetMicroUsd: 10_500_000,
      budgetDuration: '1d',
      budgetAnchor: new Date(NOW),
      rpmLimit: 100,
      metadata: { app: 'billing', tags: ['prod'] },
    });
    expect(audit).toEqual({ requestId: 'req-1', actor: 'master_key', action: 'key.generate' });
    expect(answer).toMatchObject({
      token: row.keyHash,
      token_id: row.keyHash,
      key_alias: 'billing',
      max_budget: 10.5,
      spend: 0,
      remaining_budget: 10.5,
      budget_reset_at: new Date(NOW + DAY_MS).toISOString(),
      expires: new Date(NOW + 30 * DAY_MS).toISOString(),
      rpm_limit: 100,
    });
    expect(events.keyChanged).not.toHaveBeenCalled();
  });

  it('keeps a custom key value and refuses one without the sk- prefix', async () => {
    const { keys, call } = harness();
    const answer = await call('key.generate', { key: 'sk-my-own-key-0123456789' });
    expect(answer.key).toBe('sk-my-own-key-0123456789');
    expect(keys.insert.mock.calls[0][0].keyHash).toBe(sha256('sk-my-own-key-0123456789'));

    const refused = await failureOf(call('key.generate', { key: 'my-own-key-0123456789' }));
    expect(refused.details.param).toBe('key');
  });

  it.each([
    [{ guardrails: ['pii-mask', 7] }, 'guardrails[1]'],
    [{ allow_request_guardrails: 'sometimes' }, 'allow_request_guardrails'],
    [{ allowed_routes: ['/chat/completions'] }, 'allowed_routes'],
    [{ model_max_budget: { 'gpt-4o': { budget_limit: 1 } } }, 'model_max_budget'],
    [{ key_type: 'read_only' }, 'key_type'],
    [{ spend: 3 }, 'spend'],
    [{ duration: '30 days' }, 'duration'],
    [{ max_budget: -1 }, 'max_budget'],
  ])('refuses %j naming %s', async (body, param) => {
    const { keys, call } = harness();
    const refused = await failureOf(call('key.generate', body));
    expect(refused.status).toBe(400);
    expect(refused.details.param).toBe(param);
    expect(keys.insert).not.toHaveBeenCalled();
  });

  it('accepts the empty defaults LiteLLM clients send for fields it cannot honour', async () => {
    const { keys, call } = harness();
    await call('key.generate', { aliases: {}, permissions: {}, spend: 0, soft_budget: 5, config: {} });
    expect(keys.insert).toHaveBeenCalledTimes(1);
  });

  it('attaches configured guardrails once each, and may let calls add their own', async () => {
    const { keys, call } = harness();
    const answer = await call('key.generate', {
      guardrails: ['toxicity', 'pii-mask', 'toxicity'],
      allow_request_guardrails: 'true',
    });
    expect(keys.insert.mock.calls[0][0]).toMatchObject({
      guardrails: ['toxicity', 'pii-mask'],
      allowRequestGuardrails: true,
    });
    expect(answer).toMatchObject({ guardrails: ['toxicity', 'pii-mask'], allow_request_guardrails: true });
    expect(await call('key.generate', {})).toMatchObject({ guardrails: [], allow_request_guardrails: false });
  });

  it('refuses a guardrail the config does not define, naming it, and stores nothing', async () => {
    const { keys, call } = harness();
    const refused = await failureOf(call('key.generate', { guardrails: ['pii-mask', 'pii'] }));
    expect(refused.status).toBe(400);
    expect(refused.details.param).toBe('guardrails');
    expect(refused.message).toContain("'pii'");
    expect(refused.message).toContain('pii-mask, toxicity');
    expect(keys.insert).not.toHaveBeenCalled();
  });

  it('refuses an unknown user or team naming the field', async () => {
    const { keys, call } = harness();
    keys.userExists.mockResolvedValue(false);
    expect((await failureOf(call('key.generate', { user_id: 'ghost' }))).details.param).toBe('user_id');
    keys.teamModels.mockResolvedValue(null);
    expect((await failureOf(call('key.generate', { team_id: 'ghost' }))).details.param).toBe('team_id');
  });

  it("keeps a team key's models within the team's models", async () => {
    const { keys, call } = harness();
    keys.teamModels.mockResolvedValue(['gpt-4o', 'claude']);
    const refused = await failureOf(call('key.generate', { team_id: 't1', models: ['gpt-4o', 'o3'] }));
    expect(refused.details.param).toBe('models');
    expect(refused.message).toContain('o3');

    await call('key.generate', { team_id: 't1', models: ['all-team-models'] });
    expect(keys.insert.mock.calls[0][0].governed.models).toEqual([]);
    expect((await failureOf(call('key.generate', { models: ['all-team-models'] }))).details.param).toBe('models');
  });
});

describe('KeysAdminService changes', () => {
  it('updates by key or token, restarting the budget window only when its length changes', async () => {
    const { keys, events, call } = harness();
    keys.findByHash.mockResolvedValue(storedKey());
    await call('key.update', { key: SECRET, budget_duration: '1d', max_budget: null });
    expect(keys.findByHash).toHaveBeenCalledWith(HASH);
    const [id, patch, audit] = keys.update.mock.calls[0];
    expect(id).toBe(KEY_ID);
    expect(patch.governed).toEqual({ maxBudgetMicroUsd: null });
    expect(audit.action).toBe('key.update');
    expect(events.keyChanged).toHaveBeenCalledWith('key.updated', HASH, 'req-1');

    const answer = await call('key.update', { key: HASH, budget_duration: '7d' });
    expect(keys.update.mock.calls[1][1].governed).toEqual({
      budgetDuration: '7d',
      budgetAnchor: new Date(NOW),
      spendMicroUsd: 0,
      spendWindowStart: null,
    });
    expect(answer).toMatchObject({ key: HASH, spend: 0, budget_reset_at: new Date(NOW + 7 * DAY_MS).toISOString() });
  });

  it('changes guardrails only when named: [] removes them, null and absent keep them', async () => {
    const { keys, call } = harness();
    keys.findByHash.mockResolvedValue(storedKey({ guardrails: ['pii-mask'], allowRequestGuardrails: true }));
    await call('key.update', { key: HASH, rpm_limit: 5 });
    await call('key.update', { key: HASH, guardrails: null, allow_request_guardrails: null });
    await call('key.update', { key: HASH, guardrails: [] });
    await call('key.update', { key: HASH, guardrails: ['toxicity'] });
    const patches = keys.update.mock.calls.map(([, patch]) => patch);
    expect(patches[0]).not.toHaveProperty('guardrails');
    expect(patches[0]).not.toHaveProperty('allowRequestGuardrails');
    expect(patches[1]).not.toHaveProperty('guardrails');
    expect(patches[1].allowRequestGuardrails).toBe(false);
    expect(patches[2].guardrails).toEqual([]);
    expect(patches[3].guardrails).toEqual(['toxicity']);
    expect((await failureOf(call('key.update', { key: HASH, guardrails: ['nope'] }))).details.param).toBe('guardrails');
    expect(keys.update).toHaveBeenCalledTimes(4);
  });

  it('answers an unknown key with not_found', async () => {
    const { keys, call } = harness();
    keys.findByHash.mockResolvedValue(null);
    const missing = await failureOf(call('key.update', { key: 'sk-nobody-has-this-key-00' }));
    expect(missing.kind).toBe('not_found');
    expect(missing.details.code).toBe('not_found');
  });

  it('regenerates a new secret and revokes the old hash everywhere', async () => {
    const { keys, events, call } = harness();
    keys.findByHash.mockResolvedValue(storedKey());
    const answer = await call('key.regenerate', { key: HASH, max_budget: '20' });
    const newKey = answer.key as string;
    expect(newKey).toMatch(/^sk-/);
    expect(newKey).not.toBe(SECRET);
    const patch = keys.update.mock.calls[0][1];
    expect(patch).toMatchObject({ keyHash: sha256(newKey), keyName: `sk-...${newKey.slice(-4)}` });
    expect(patch.governed).toEqual({ maxBudgetMicroUsd: 20_000_000 });
    expect(answer).toMatchObject({ token: sha256(newKey), max_budget: 20 });
    expect(events.keyChanged).toHaveBeenCalledWith('key.revoked', HASH, 'req-1');
  });

  it.each([
    ['key.block', true, 'key.blocked'],
    ['key.unblock', false, 'key.updated'],
  ] as const)('%s sets blocked=%s and publishes %s', async (operation, blocked, event) => {
    const { keys, events, call } = harness();
    keys.findByHash.mockResolvedValue(storedKey());
    const answer = await call(operation, { key: SECRET });
    expect(keys.update.mock.calls[0][1]).toEqual({ blocked });
    expect(answer.blocked).toBe(blocked);
    expect(events.keyChanged).toHaveBeenCalledWith(event, HASH, 'req-1');
  });

  it('deletes keys named by key and by alias together, revoking each', async () => {
    const { keys, events, call } = harness();
    const other = storedKey({ id: 'b7e3f1a2-0000-4000-8000-000000000001', keyHash: 'f'.repeat(64), keyAlias: 'ops' });
    keys.findByHashes.mockResolvedValue([storedKey()]);
    keys.findByAliases.mockResolvedValue([other]);
    keys.delete.mockResolvedValue([storedKey(), other]);
    const answer = await call('key.delete', { keys: [SECRET], key_aliases: ['ops'] });
    expect(keys.delete.mock.calls[0][0]).toEqual([KEY_ID, other.id]);
    expect(answer).toEqual({ deleted_keys: [SECRET, 'ops'] });
    expect(events.keyChanged.mock.calls).toEqual([
      ['key.revoked', HASH, 'req-1'],
      ['key.revoked', 'f'.repeat(64), 'req-1'],
    ]);
  });

  it('deletes nothing when one named key is missing, and never echoes a key in the error', async () => {
    const { keys, call } = harness();
    keys.findByHashes.mockResolvedValue([]);
    keys.findByAliases.mockResolvedValue([]);
    const missing = await failureOf(call('key.delete', { keys: [SECRET], key_aliases: ['gone'] }));
    expect(missing.kind).toBe('not_found');
    expect(missing.message).toContain("'gone'");
    expect(missing.message).not.toContain(SECRET);
    expect(keys.delete).not.toHaveBeenCalled();
  });
});

describe('KeysAdminService reads', () => {
  it('lets a virtual key read its own info, defaulting to itself', async () => {
    const { keys, call } = harness();
    keys.findById.mockResolvedValue(storedKey());
    const answer = await call('key.info', {}, ownKey);
    expect(keys.findById).toHaveBeenCalledWith(KEY_ID);
    expect(answer).toMatchObject({ key: HASH, info: { key_alias: 'billing', spend: 2.5, remaining_budget: 7.5 } });
  });

  it("refuses a non-admin another key's info, existing or not", async () => {
    const { keys, call } = harness();
    keys.findByHash.mockResolvedValueOnce(storedKey({ id: 'b7e3f1a2-0000-4000-8000-000000000001' }));
    expect((await failureOf(call('key.info', { key: SECRET }, ownKey))).kind).toBe('permission_denied');
    keys.findByHash.mockResolvedValueOnce(null);
    expect((await failureOf(call('key.info', { key: SECRET }, ownKey))).kind).toBe('permission_denied');
  });

  it('lets an admin read any key, and counts spend of an earlier window as 0', async () => {
    const { keys, call } = harness();
    keys.findByHash.mockResolvedValue(storedKey({}, { spendWindowStart: new Date(NOW - DAY_MS) }));
    const answer = await call('key.info', { key: HASH }, { ...ownKey, keyId: 'someone-else', admin: true });
    expect(answer.info).toMatchObject({ spend: 0, remaining_budget: 10, max_budget: 10 });
    expect((await failureOf(call('key.info', {}))).details.param).toBe('key');
  });

  it('lists hashes by default and full objects on request, with LiteLLM paging', async () => {
    const { keys, call } = harness();
    keys.list.mockResolvedValue({ rows: [storedKey()], total: 21 });
    const answer = await call('key.list', { page: '3', size: '10', team_id: 't1', user_id: '', sort_by: 'spend' });
    expect(keys.list).toHaveBeenCalledWith({
      page: 3,
      size: 10,
      userId: undefined,
      teamId: 't1',
      organizationId: undefined,
      keyHash: undefined,
      keyAlias: undefined,
      sortBy: 'spend',
      sortOrder: 'desc',
    });
    expect(answer).toEqual({ keys: [HASH], total_count: 21, current_page: 3, total_pages: 3 });

    const full = await call('key.list', { return_full_object: 'true' });
    expect(full.keys).toEqual([expect.objectContaining({ token: HASH, key_alias: 'billing' })]);
    expect((await failureOf(call('key.list', { size: '500' }))).details.param).toBe('size');
  });
});
