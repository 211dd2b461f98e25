import { common, makePrincipal } from '@gatehouse/contracts';
import { AdminOperation } from '@gatehouse/governance';
import { Infra, startInfra } from '@gatehouse/testing';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { adminCaller, failureOf, Json } from './admin-calls';
import { AuthSettings } from '../src/config/auth-settings';
import { dataSourceOptions } from '../src/config/data-source-options';
import { AuditLogRepository } from '../src/repositories/audit-log.repository';
import { ControlEventsRepository } from '../src/repositories/control-events.repository';
import { KeysRepository } from '../src/repositories/keys.repository';
import { KeysAdminService } from '../src/services/admin/keys-admin.service';

const DAY_MS = 86_400_000;

const master: common.Principal = makePrincipal({ kind: 'master', subject: 'master-hash', keyAlias: 'master' });

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

describe('key management against Postgres (requires authentication)', () => {
  let infra: Infra;
  let db: DataSource;
  let service: KeysAdminService;
  const events = { keyChanged: jest.fn<void, Parameters<ControlEventsRepository['keyChanged']>>() };

  const call = adminCaller(() => service.handlers(), master);
  const refusal = (operation: AdminOperation, body: unknown, caller = master) =>
    failureOf(call(operation, body, caller));
  const generate = async (body: Json = {}) => {
    const answer = await call('key.generate', body);
    return { key: answer.key as string, token: answer.token as string, answer };
  };
  const row = async (keyHash: string): Promise<Json | undefined> => {
    const rows = await db.query<Json[]>('SELECT * FROM api_keys WHERE key_hash = $1', [keyHash]);
    return rows[0];
  };

  beforeAll(async () => {
    infra = await startInfra();
    db = new DataSource(dataSourceOptions({ url: await infra.createDatabase('auth_keys') }));
    await db.initialize();
    await db.query(`INSERT INTO organizations (id) VALUES ('org-1')`);
    await db.query(`INSERT INTO teams (id, organization_id, models) VALUES
      ('team-llm', NULL, '{gpt-4o,gpt-4o-mini}'), ('team-list', 'org-1', '{}'), ('team-open', NULL, '{}')`);
    await db.query(
      `INSERT INTO users (id, user_email) VALUES ('user-1', 'a@example.com'), ('user-2', 'b@example.com')`,
    );
    service = new KeysAdminService(
      new KeysRepository(db, new AuditLogRepository()),
      events as unknown as ControlEventsRepository,
      new AuthSettings(undefined, 0, 0, 0, undefined, new Set(['pii-mask', 'toxicity'])),
    );
  });

  afterAll(async () => {
    await db?.destroy();
    await infra?.stop();
  });

  beforeEach(() => events.keyChanged.mockClear());

  it('generates a key from a LiteLLM docs payload, storing only its hash', async () => {
    const before = Date.now();
    const { key, token, answer } = await generate({
      models: ['gpt-4o', 'gpt-4o-mini'],
      max_budget: 10.0,
      duration: '30d',
      budget_duration: '30d',
      key_alias: 'docs-key',
      metadata: { team: 'core-infra', app: 'app2' },
      team_id: 'team-llm',
      user_id: 'user-1',
      tpm_limit: 100000,
      rpm_limit: '100',
      max_parallel_requests: 10,
      model_rpm_limit: { 'gpt-4o': 10 },
      soft_budget: 8,
      send_invite_email: true,
    });

    expect(key).toMatch(/^sk-[A-Za-z0-9_-]{43}$/);
    expect(token).toBe(sha256(key));
    const stored = await row(token);
    expect(stored).toMatchObject({ key_alias: 'docs-key', max_budget_micro_usd: '10000000', rpm_limit: 100 });
    expect(JSON.stringify(stored)).not.toContain(key);
    const expires = new Date(answer.expires as string).getTime();
    expect(expires).toBeGreaterThanOrEqual(before + 30 * DAY_MS);
    expect(expires).toBeLessThanOrEqual(Date.now() + 30 * DAY_MS);

    const byKey = await call('key.info', { key });
    const byToken = await call('key.info', { key: token });
    expect(byKey).toEqual(byToken);
    expect(byKey).toMatchObject({
      key: token,
      info: {
        key_name: `sk-...${key.slice(-4)}`,
        models: ['gpt-4o', 'gpt-4o-mini'],
        max_budget: 10,
        spend: 0,
        remaining_budget: 10,
        budget_duration: '30d',
        team_id: 'team-llm',
        user_id: 'user-1',
        metadata: { team: 'core-infra', app: 'app2' },
        model_rpm_limit: { 'gpt-4o': 10 },
        blocked: false,
      },
    });
  });

  it('lists keys a page at a time, filtered by team, user, alias and organization', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      made.push((await generate({ key_alias: `list-${i}`, team_id: 'team-list', user_id: 'user-2' })).token);
    }
    const pages = await Promise.all(
      [1, 2, 3].map((page) => call('key.list', { team_id: 'team-list', size: '2', page })),
    );
    expect(pages.map((page) => (page.keys as string[]).length)).toEqual([2, 2, 1]);
    expect(pages[0]).toMatchObject({ total_count: 5, current_page: 1, total_pages: 3 });
    expect(new Set(pages.flatMap((page) => page.keys as string[]))).toEqual(new Set(made));

    expect((await call('key.list', { user_id: 'user-2', size: 100 })).total_count).toBe(5);
    expect((await call('key.list', { organization_id: 'org-1' })).total_count).toBe(5);
    expect((await call('key.list', { key_alias: 'list-3' })).keys).toEqual([made[3]]);
    const sorted = await call('key.list', {
      team_id: 'team-list',
      sort_by: 'key_alias',
      sort_order: 'ASC',
      return_full_object: 'true',
    });
    expect((sorted.keys as Json[]).map((key) => key.key_alias)).toEqual([
      'list-0',
      'list-1',
      'list-2',
      'list-3',
      'list-4',
    ]);
  });

  it('updates a key, restarting its budget window only when the window length changes', async () => {
    const { token } = await generate({ key_alias: 'upd-a', max_budget: 5, budget_duration: '1d' });
    await generate({ key_alias: 'upd-b' });
    const anchor = (await row(token))?.budget_anchor as Date;

    const same = await call('key.update', { key: token, max_budget: '25.5', budget_duration: '1d', rpm_limit: 7 });
    expect(same).toMatchObject({ key: token, max_budget: 25.5, rpm_limit: 7 });
    expect((await row(token))?.budget_anchor).toEqual(anchor);
    expect(events.keyChanged).toHaveBeenCalledWith('key.updated', token, 'req-key.update');

    await call('key.update', { key: token, budget_duration: '7d', rpm_limit: null });
    const changed = await row(token);
    expect((changed?.budget_anchor as Date).getTime()).toBeGreaterThan(anchor.getTime());
    expect(changed).toMatchObject({ budget_duration: '7d', rpm_limit: null, max_budget_micro_usd: '25500000' });

    const taken = await refusal('key.update', { key: token, key_alias: 'upd-b' });
    expect(taken.details.param).toBe('key_alias');
  });

  it('stores guardrails through generate, info, update and list; [] clears, absent keeps', async () => {
    const { key, token, answer } = await generate({
      key_alias: 'guarded',
      guardrails: ['toxicity', 'pii-mask', 'toxicity'],
      allow_request_guardrails: true,
    });
    expect(answer).toMatchObject({ guardrails: ['toxicity', 'pii-mask'], allow_request_guardrails: true });
    expect(await row(token)).toMatchObject({ guardrails: ['toxicity', 'pii-mask'], allow_request_guardrails: true });
    expect((await call('key.info', { key })).info).toMatchObject({
      guardrails: ['toxicity', 'pii-mask'],
      allow_request_guardrails: true,
    });

    await call('key.update', { key, rpm_limit: 3 });
    expect((await call('key.info', { key })).info).toMatchObject({ guardrails: ['toxicity', 'pii-mask'] });
    await call('key.update', { key, guardrails: ['pii-mask'], allow_request_guardrails: false });
    expect((await call('key.info', { key })).info).toMatchObject({
      guardrails: ['pii-mask'],
      allow_request_guardrails: false,
    });
    expect(events.keyChanged).toHaveBeenLastCalledWith('key.updated', token, 'req-key.update');
    const listed = await call('key.list', { key_alias: 'guarded', return_full_object: true });
    expect(listed.keys).toEqual([expect.objectContaining({ guardrails: ['pii-mask'] })]);
    await call('key.update', { key, guardrails: [] });
    expect((await call('key.info', { key })).info).toMatchObject({ guardrails: [] });

    const unknown = await refusal('key.update', { key, guardrails: ['pii-mask', 'jailbreak'] });
    expect([unknown.status, unknown.details.param]).toEqual([400, 'guardrails']);
    expect(unknown.message).toContain("'jailbreak'");
    expect((await generate()).answer).toMatchObject({ guardrails: [], allow_request_guardrails: false });
  });

  it('blocks and unblocks a key, telling every replica', async () => {
    const { key, token } = await generate();
    expect(await call('key.block', { key })).toMatchObject({ token, blocked: true });
    expect((await row(token))?.blocked).toBe(true);
    await call('key.unblock', { key: token });
    expect((await row(token))?.blocked).toBe(false);
    expect(events.keyChanged.mock.calls).toEqual([
      ['key.blocked', token, 'req-key.block'],
      ['key.updated', token, 'req-key.unblock'],
    ]);
  });

  it('regenerates a key: the old one is gone, the new one works and keeps its settings', async () => {
    const old = await generate({ key_alias: 'rotating', max_budget: 3 });
    const answer = await call('key.regenerate', { key: old.key, rpm_limit: 9 });
    const fresh = answer.key as string;
    expect(fresh).not.toBe(old.key);
    expect(answer).toMatchObject({ token: sha256(fresh), key_alias: 'rotating', max_budget: 3, rpm_limit: 9 });
    expect(await row(old.token)).toBeUndefined();
    expect((await refusal('key.info', { key: old.key })).kind).toBe('not_found');
    expect(await call('key.info', { key: fresh })).toMatchObject({ info: { key_alias: 'rotating' } });
    expect(events.keyChanged).toHaveBeenCalledWith('key.revoked', old.token, 'req-key.regenerate');

    const chosen = await call('key.regenerate', { key: fresh, new_key: 'sk-chosen-by-the-operator-01' });
    expect(chosen).toMatchObject({
      key: 'sk-chosen-by-the-operator-01',
      token: sha256('sk-chosen-by-the-operator-01'),
    });
  });

  it('deletes keys by key and by alias, and nothing when one of them is missing', async () => {
    const [first, second, third] = [await generate(), await generate({ key_alias: 'del-2' }), await generate()];
    const missing = await refusal('key.delete', { keys: [third.key], key_aliases: ['no-such-alias'] });
    expect(missing.kind).toBe('not_found');
    expect(await row(third.token)).toBeDefined();

    expect(await call('key.delete', { keys: [first.key], key_aliases: ['del-2'] })).toEqual({
      deleted_keys: [first.key, 'del-2'],
    });
    expect(await row(first.token)).toBeUndefined();
    expect(await row(second.token)).toBeUndefined();
    expect(await row(third.token)).toBeDefined();
    expect(events.keyChanged.mock.calls).toEqual(
      expect.arrayContaining([
        ['key.revoked', first.token, 'req-key.delete'],
        ['key.revoked', second.token, 'req-key.delete'],
      ]),
    );
    expect(events.keyChanged).toHaveBeenCalledTimes(2);
  });

  it('sets the expiry from duration, on generate and on update', async () => {
    const before = Date.now();
    const { token, answer } = await generate({ duration: '1h' });
    expect(new Date(answer.expires as string).getTime()).toBeGreaterThanOrEqual(before + 3_600_000);
    expect((await generate()).answer.expires).toBeNull();

    const updated = await call('key.update', { key: token, duration: '2d' });
    expect(new Date(updated.expires as string).getTime()).toBeGreaterThanOrEqual(before + 2 * DAY_MS);
    // LiteLLM ignores a null duration on update; dropping an expiry that way would widen access.
    expect((await call('key.update', { key: token, duration: null })).expires).toBe(updated.expires);
  });

  it.each([
    [{ team_id: 'no-such-team' }, 'team_id'],
    [{ user_id: 'no-such-user' }, 'user_id'],
    [{ budget_duration: 'monthly' }, 'budget_duration'],
    [{ team_id: 'team-llm', models: ['gpt-4o', 'o3'] }, 'models'],
    [{ key: 'sk-short' }, 'key'],
    [{ guardrails: ['no-such-guardrail'] }, 'guardrails'],
    [{ tpm_limit: 'lots' }, 'tpm_limit'],
  ])('refuses %j with a 400 naming %s, writing nothing', async (body, param) => {
    const count = async () => Number((await db.query<Json[]>('SELECT count(*) AS n FROM api_keys'))[0].n);
    const keysBefore = await count();
    const refused = await refusal('key.generate', body);
    expect(refused.status).toBe(400);
    expect(refused.details.param).toBe(param);
    expect(await count()).toBe(keysBefore);
  });

  it("keeps a team key's models within the team's, on update too", async () => {
    const { token } = await generate({ team_id: 'team-llm', models: ['gpt-4o'] });
    expect((await refusal('key.update', { key: token, models: ['gpt-4o', 'claude'] })).details.param).toBe('models');
    expect(await call('key.update', { key: token, models: ['all-team-models'] })).toMatchObject({ models: [] });
    const teamless = await refusal('key.update', { key: token, team_id: null, models: ['all-team-models'] });
    expect(teamless.details.param).toBe('models');
  });

  it("lets a virtual key read its own info and no other key's", async () => {
    const own = await generate({ key_alias: 'self' });
    const other = await generate();
    const id = ((await row(own.token)) as Json).id as string;
    const self: common.Principal = { ...master, kind: 'virtual_key', subject: own.token, keyId: id };
    expect(await call('key.info', {}, self)).toMatchObject({ key: own.token, info: { key_alias: 'self' } });
    expect((await refusal('key.info', { key: other.key }, self)).kind).toBe('permission_denied');
  });

  it('writes an audit row for every change, in the same transaction, holding no key', async () => {
    const { key, token } = await generate({ key_alias: 'audited' });
    const id = ((await row(token)) as Json).id as string;
    await call('key.update', { key, max_budget: 1 });
    await call('key.block', { key });
    await call('key.unblock', { key });
    const fresh = (await call('key.regenerate', { key })).key as string;
    await call('key.delete', { keys: [fresh] });

    const audit = await db.query<Json[]>(
      'SELECT action, actor, before, after FROM audit_log WHERE target_type = $1 AND target_id = $2 ORDER BY id',
      ['key', id],
    );
    expect(audit.map((entry) => entry.action)).toEqual([
      'key.generate',
      'key.update',
      'key.block',
      'key.unblock',
      'key.regenerate',
      'key.delete',
    ]);
    expect(audit.every((entry) => entry.actor === 'master_key')).toBe(true);
    expect(audit[1]).toMatchObject({
      before: { max_budget_micro_usd: null },
      after: { max_budget_micro_usd: 1_000_000 },
    });
    const text = JSON.stringify(audit);
    for (const secret of [key, fresh, token, sha256(fresh)]) expect(text).not.toContain(secret);
  });
});
