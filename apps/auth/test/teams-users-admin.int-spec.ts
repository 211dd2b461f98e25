import { common, makePrincipal } from '@gatehouse/contracts';
import { AdminOperation } from '@gatehouse/governance';
import { Infra, startInfra } from '@gatehouse/testing';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { adminCaller, failureOf, Json } from './admin-calls';
import { AuthSettings } from '../src/config/auth-settings';
import { dataSourceOptions } from '../src/config/data-source-options';
import { AuditLogRepository } from '../src/repositories/audit-log.repository';
import { ControlEventsRepository } from '../src/repositories/control-events.repository';
import { TeamsRepository } from '../src/repositories/teams.repository';
import { UsersRepository } from '../src/repositories/users.repository';
import { AdminHandler } from '../src/services/admin/admin-handler';
import { TeamsAdminService } from '../src/services/admin/teams-admin.service';
import { UsersAdminService } from '../src/services/admin/users-admin.service';

const master: common.Principal = makePrincipal({ kind: 'master', subject: 'hash', keyAlias: 'master', admin: true });

describe('team and user management against real Postgres', () => {
  let infra: Infra;
  let db: DataSource;
  let handlers: Partial<Record<AdminOperation, AdminHandler>>;
  const events = { keyChanged: jest.fn(), scopeChanged: jest.fn() };

  const call = adminCaller(() => handlers, master);
  const refusal = (operation: AdminOperation, body: unknown) => failureOf(call(operation, body));
  const rows = <T>(sql: string, params: unknown[] = []): Promise<T[]> => db.query<T[]>(sql, params);
  const insertKey = async (hash: string, owner: { teamId?: string; userId?: string }): Promise<void> => {
    await db.query('INSERT INTO api_keys (id, key_hash, key_name, team_id, user_id) VALUES ($1, $2, $3, $4, $5)', [
      randomUUID(),
      hash,
      `sk-...${hash.slice(-4)}`,
      owner.teamId ?? null,
      owner.userId ?? null,
    ]);
  };

  beforeAll(async () => {
    infra = await startInfra();
    db = new DataSource(dataSourceOptions({ url: await infra.createDatabase('teams_users') }));
    await db.initialize();
    const log = new AuditLogRepository();
    const users = new UsersRepository(db, log);
    const teams = new TeamsRepository(db, log, users);
    // Only the two publishing methods are used; the object stands in for the Kafka-backed repository.
    const control = events as unknown as ControlEventsRepository;
    const settings = new AuthSettings(undefined, 0, 0, 0, undefined, new Set(['pii-mask', 'toxicity']));
    handlers = {
      ...new TeamsAdminService(teams, users, control, settings).handlers(),
      ...new UsersAdminService(users, teams, control).handlers(),
    };
  });

  afterAll(async () => {
    await db?.destroy();
    await infra?.stop();
  });

  beforeEach(() => jest.clearAllMocks());

  it('creates a team from LiteLLM docs payload, creating its unknown member, with audit rows', async () => {
    const memberId = '5c4a0aa3-a1e1-43dc-bd87-3c2da8382a3a';
    const team = await call('team.new', {
      team_alias: 'my-new-team_4',
      members_with_roles: [{ role: 'admin', user_id: memberId }],
      rpm_limit: 99,
    });
    expect(team).toMatchObject({
      team_alias: 'my-new-team_4',
      rpm_limit: 99,
      max_budget: null,
      spend: 0,
      blocked: false,
      members_with_roles: [{ role: 'admin', user_id: memberId, user_email: null }],
    });
    expect(team.team_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await rows('SELECT user_role FROM users WHERE id = $1', [memberId])).toEqual([
      { user_role: 'internal_user' },
    ]);
    const audit = await rows<{ action: string; actor: string }>(
      'SELECT action, actor FROM audit_log WHERE target_id IN ($1, $2, $3) ORDER BY id',
      [team.team_id, memberId, `${String(team.team_id)}/${memberId}`],
    );
    expect(audit).toEqual([
      { action: 'team.new', actor: 'master_key' },
      { action: 'user.new', actor: 'master_key' },
      { action: 'team.member_add', actor: 'master_key' },
    ]);
    expect(events.scopeChanged).toHaveBeenCalledWith('team', team.team_id, expect.any(String));
  });

  it.each([
    [{ team_id: 'dup' }, 'team_id'],
    [{ max_budget: -1 }, 'max_budget'],
    [{ budget_duration: 'weekly' }, 'budget_duration'],
    [{ guardrails: ['pii'] }, 'guardrails'],
    [{ members_with_roles: [{ role: 'owner', user_id: 'u' }] }, 'members_with_roles[0].role'],
    [{ members_with_roles: [{ role: 'user' }] }, 'members_with_roles[0].user_id'],
  ])('refuses team/new %j naming %s', async (body, param) => {
    await call('team.new', { team_id: 'dup' }).catch(() => undefined);
    const failure = await refusal('team.new', body);
    expect(failure.status).toBe(400);
    expect(failure.details.param).toBe(param);
  });

  it('sets a budget in dollars, restarts the window only when the duration changes, and shows window spend', async () => {
    await call('team.new', { team_id: 'budgeted', guardrails: [], soft_budget: 5 });
    const updated = await call('team.update', { team_id: 'budgeted', max_budget: 10.5, budget_duration: '30d' });
    expect(updated.data).toMatchObject({ team_id: 'budgeted', max_budget: 10.5, spend: 0, remaining_budget: 10.5 });
    const [{ budget_anchor: anchor }] = await rows<{ budget_anchor: Date }>(
      'SELECT budget_anchor FROM teams WHERE id = $1',
      ['budgeted'],
    );
    expect((updated.data as Json).budget_reset_at).toBe(new Date(anchor.getTime() + 30 * 86_400_000).toISOString());

    await db.query('UPDATE teams SET spend_micro_usd = 2500000, spend_window_start = budget_anchor WHERE id = $1', [
      'budgeted',
    ]);
    await call('team.update', { team_id: 'budgeted', budget_duration: '30d', tpm_limit: 1000 });
    const info = await call('team.info', { team_id: 'budgeted' });
    expect(info.team_info).toMatchObject({ spend: 2.5, remaining_budget: 8, tpm_limit: 1000, budget_duration: '30d' });

    await call('team.update', { team_id: 'budgeted', budget_duration: '1d' });
    expect((await call('team.info', { team_id: 'budgeted' })).team_info).toMatchObject({ spend: 0, max_budget: 10.5 });
    expect((await refusal('team.update', { team_id: 'nope', rpm_limit: 1 })).status).toBe(404);
  });

  it('stores team guardrails through new, info, update and list; [] clears, absent keeps', async () => {
    const created = await call('team.new', { team_id: 'guarded', guardrails: ['toxicity', 'pii-mask', 'toxicity'] });
    expect(created.guardrails).toEqual(['toxicity', 'pii-mask']);
    expect(await rows('SELECT guardrails FROM teams WHERE id = $1', ['guarded'])).toEqual([
      { guardrails: ['toxicity', 'pii-mask'] },
    ]);
    expect((await call('team.info', { team_id: 'guarded' })).team_info).toMatchObject({
      guardrails: ['toxicity', 'pii-mask'],
    });

    await call('team.update', { team_id: 'guarded', rpm_limit: 5 });
    expect((await call('team.info', { team_id: 'guarded' })).team_info).toMatchObject({
      guardrails: ['toxicity', 'pii-mask'],
    });
    const updated = await call('team.update', { team_id: 'guarded', guardrails: ['pii-mask'] });
    expect(updated.data).toMatchObject({ guardrails: ['pii-mask'] });
    expect(events.scopeChanged).toHaveBeenLastCalledWith('team', 'guarded', expect.any(String));
    const listed = (await call('team.list', {})) as unknown as Json[];
    expect(listed.find((team) => team.team_id === 'guarded')).toMatchObject({ guardrails: ['pii-mask'] });
    await call('team.update', { team_id: 'guarded', guardrails: [] });
    expect((await call('team.info', { team_id: 'guarded' })).team_info).toMatchObject({ guardrails: [] });

    const unknown = await refusal('team.update', { team_id: 'guarded', guardrails: ['jailbreak'] });
    expect([unknown.status, unknown.details.param]).toEqual([400, 'guardrails']);
    expect(unknown.message).toContain("'jailbreak'");
  });

  it('adds members by id or email, refuses a second add, and removes a member with its team keys', async () => {
    await call('team.new', { team_id: 'crew' });
    const added = await call('team.member_add', {
      team_id: 'crew',
      member: [
        { role: 'user', user_email: 'ada@example.com' },
        { role: 'admin', user_id: 'grace' },
      ],
    });
    const adaId = (added.updated_users as { user_id: string }[])[0].user_id;
    expect(adaId).toMatch(/^[0-9a-f-]{36}$/);
    expect(added.members_with_roles).toEqual([
      { role: 'user', user_id: adaId, user_email: 'ada@example.com' },
      { role: 'admin', user_id: 'grace', user_email: null },
    ]);
    const again = await refusal('team.member_add', { team_id: 'crew', member: { role: 'user', user_id: 'grace' } });
    expect(again.details.param).toBe('member[0].user_id');
    expect(
      (await refusal('team.member_add', { team_id: 'ghost', member: { role: 'user', user_id: 'x' } })).status,
    ).toBe(404);

    await insertKey('ada-team-key', { teamId: 'crew', userId: adaId });
    await insertKey('ada-own-key', { userId: adaId });
    const info = await call('team.info', { team_id: 'crew' });
    expect(info.keys).toEqual([expect.objectContaining({ token: 'ada-team-key', key_name: 'sk-...-key' })]);
    expect(JSON.stringify(info.keys)).not.toContain('"key":');

    const after = await call('team.member_delete', { team_id: 'crew', user_email: 'ADA@example.com' });
    expect(after.members_with_roles).toEqual([{ role: 'admin', user_id: 'grace', user_email: null }]);
    expect(events.keyChanged).toHaveBeenCalledWith('key.revoked', 'ada-team-key', expect.any(String));
    expect(await rows('SELECT key_hash FROM api_keys WHERE user_id = $1', [adaId])).toEqual([
      { key_hash: 'ada-own-key' },
    ]);
  });

  it('deletes teams with their keys and memberships, all or none', async () => {
    await call('team.new', { team_id: 'doomed', members_with_roles: [{ role: 'user', user_id: 'survivor' }] });
    await insertKey('doomed-key', { teamId: 'doomed' });
    expect((await refusal('team.delete', { team_ids: ['doomed', 'missing'] })).status).toBe(404);
    expect(await rows('SELECT 1 FROM api_keys WHERE key_hash = $1', ['doomed-key'])).toHaveLength(1);

    expect(await call('team.delete', { team_ids: ['doomed'] })).toEqual({ deleted_teams: ['doomed'] });
    expect(await rows('SELECT 1 FROM api_keys WHERE key_hash = $1', ['doomed-key'])).toHaveLength(0);
    expect(await rows('SELECT 1 FROM team_memberships WHERE team_id = $1', ['doomed'])).toHaveLength(0);
    expect(await rows('SELECT 1 FROM users WHERE id = $1', ['survivor'])).toHaveLength(1);
    expect(events.keyChanged).toHaveBeenCalledWith('key.revoked', 'doomed-key', expect.any(String));
    expect(events.scopeChanged).toHaveBeenCalledWith('team', 'doomed', expect.any(String));
    const audit = await rows<{ action: string }>(
      "SELECT action FROM audit_log WHERE target_id = $1 OR before->>'team_id' = $1 ORDER BY id",
      ['doomed'],
    );
    expect(audit.map((row) => row.action)).toEqual(['team.new', 'key.delete', 'team.delete']);
  });

  it('lists teams by member and by organization', async () => {
    await db.query("INSERT INTO organizations (id) VALUES ('org-1')");
    await call('team.new', { team_id: 'listed', members_with_roles: [{ role: 'user', user_id: 'lister' }] });
    await call('team.new', { team_id: 'in-org', organization_id: 'org-1' });
    const ids = async (query: Json) =>
      ((await call('team.list', query)) as unknown as { team_id: string }[]).map((t) => t.team_id);
    expect(await ids({ user_id: 'lister' })).toEqual(['listed']);
    expect(await ids({ organization_id: 'org-1' })).toEqual(['in-org']);
    const orphans = await ids({ organization_id: 'default_organization' });
    expect(orphans).toContain('listed');
    expect(orphans).not.toContain('in-org');
    expect((await refusal('team.new', { organization_id: 'no-such-org' })).details.param).toBe('organization_id');
  });

  it('creates a user with a key stored only as its hash, as LiteLLM does by default', async () => {
    await call('team.new', { team_id: 'research' });
    const created = await call('user.new', {
      user_email: 'krrish@berri.ai',
      user_role: 'internal_user',
      teams: ['research'],
      max_budget: 20,
      key_alias: 'krrish-key',
      duration: '30d',
    });
    const key = String(created.key);
    expect(key).toMatch(/^sk-[A-Za-z0-9_-]{43}$/);
    const hash = createHash('sha256').update(key).digest('hex');
    expect(created).toMatchObject({ user_email: 'krrish@berri.ai', teams: ['research'], max_budget: 20, token: hash });
    const stored = await rows<{ key_hash: string; key_name: string; expires_at: Date }>(
      'SELECT key_hash, key_name, expires_at FROM api_keys WHERE user_id = $1',
      [created.user_id],
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ key_hash: hash, key_name: `sk-...${key.slice(-4)}` });
    expect(Math.abs(stored[0].expires_at.getTime() - (Date.now() + 30 * 86_400_000))).toBeLessThan(60_000);
    const audit = await rows<{ text: string }>('SELECT coalesce(before::text, after::text) AS text FROM audit_log');
    expect(audit.some((row) => row.text.includes(key) || row.text.includes(hash))).toBe(false);
    expect(events.scopeChanged).toHaveBeenCalledWith('user', created.user_id, expect.any(String));

    expect((await refusal('user.new', { user_email: 'KRRISH@berri.ai' })).details.param).toBe('user_email');
    expect((await refusal('user.new', { user_id: created.user_id })).details.param).toBe('user_id');
    expect((await refusal('user.new', { key_alias: 'krrish-key' })).details.param).toBe('key_alias');
    expect((await refusal('user.new', { teams: ['research', 'ghost'] })).details.param).toBe('teams[1]');
    expect((await refusal('user.new', { spend: 3 })).details.param).toBe('spend');
    expect((await call('user.new', { user_id: 'keyless', auto_create_key: false })).key).toBeNull();
  });

  it('updates, shows, lists and deletes users', async () => {
    await call('user.new', { user_id: 'test-litellm-user-4', user_email: 'four@example.com', auto_create_key: false });
    const updated = await call('user.update', { user_id: 'test-litellm-user-4', user_role: 'proxy_admin_viewer' });
    expect(updated.data).toMatchObject({ user_id: 'test-litellm-user-4', user_role: 'proxy_admin_viewer' });
    const byEmail = await call('user.update', { user_email: 'four@example.com', rpm_limit: 7 });
    expect(byEmail.data).toMatchObject({ user_id: 'test-litellm-user-4', rpm_limit: 7 });
    expect((await refusal('user.update', { user_id: 'test-litellm-user-4', password: 'x' })).details.param).toBe(
      'password',
    );

    await insertKey('four-key', { userId: 'test-litellm-user-4' });
    const info = await call('user.info', { user_id: 'test-litellm-user-4' });
    expect(info.user_info).toMatchObject({ user_email: 'four@example.com', rpm_limit: 7 });
    expect(info.keys).toEqual([expect.objectContaining({ token: 'four-key' })]);

    const page = await call('user.list', { page: '1', page_size: '1', role: 'proxy_admin_viewer' });
    expect(page).toMatchObject({ total: 1, page: 1, page_size: 1, total_pages: 1 });
    expect(page.users).toEqual([expect.objectContaining({ user_id: 'test-litellm-user-4', key_count: 1 })]);
    const two = await call('user.list', { user_ids: 'test-litellm-user-4,keyless', page_size: 1 });
    expect(two).toMatchObject({ total: 2, total_pages: 2 });

    expect((await refusal('user.delete', { user_ids: ['test-litellm-user-4', 'nobody'] })).status).toBe(404);
    expect(await call('user.delete', { user_ids: ['test-litellm-user-4'] })).toEqual({
      deleted_users: ['test-litellm-user-4'],
    });
    expect(await rows('SELECT 1 FROM api_keys WHERE key_hash = $1', ['four-key'])).toHaveLength(0);
    expect(events.keyChanged).toHaveBeenCalledWith('key.revoked', 'four-key', expect.any(String));
    expect((await refusal('user.info', { user_id: 'test-litellm-user-4' })).status).toBe(404);
  });
});
