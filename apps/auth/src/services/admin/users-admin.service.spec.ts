import { common, makePrincipal } from '@gatehouse/contracts';
import { createHash } from 'node:crypto';
import { adminCaller, failureOf } from '../../../test/admin-calls';
import { ControlEventsRepository } from '../../repositories/control-events.repository';
import { newGovernedColumns, UserEntity } from '../../repositories/entities';
import { TeamsRepository } from '../../repositories/teams.repository';
import { UserChanges, UserRecord, UsersRepository } from '../../repositories/users.repository';
import { UsersAdminService } from './users-admin.service';

const NOW = Date.UTC(2026, 2, 10, 12);
const master: common.Principal = makePrincipal({ kind: 'master', subject: 'h', keyAlias: 'master', admin: true });

function userRecord(overrides: Partial<UserEntity> = {}, teamIds: string[] = []): UserRecord {
  const user: UserEntity = {
    id: 'u1',
    userEmail: 'u1@x.io',
    userAlias: null,
    userRole: 'internal_user',
    organizationId: null,
    governed: newGovernedColumns(new Date(NOW - 1000)),
    ...overrides,
  };
  return { user, teamIds };
}

function setup(caller: common.Principal = master) {
  const users = {
    find: jest.fn<ReturnType<UsersRepository['find']>, Parameters<UsersRepository['find']>>(),
    list: jest.fn<ReturnType<UsersRepository['list']>, Parameters<UsersRepository['list']>>(),
    keysOf: jest.fn<ReturnType<UsersRepository['keysOf']>, Parameters<UsersRepository['keysOf']>>(),
    create: jest.fn<ReturnType<UsersRepository['create']>, Parameters<UsersRepository['create']>>(),
    update: jest.fn<ReturnType<UsersRepository['update']>, Parameters<UsersRepository['update']>>(),
    delete: jest.fn<ReturnType<UsersRepository['delete']>, Parameters<UsersRepository['delete']>>(),
  };
  const teams = { list: jest.fn<ReturnType<TeamsRepository['list']>, Parameters<TeamsRepository['list']>>() };
  const events = { keyChanged: jest.fn(), scopeChanged: jest.fn() };
  const handlers = new UsersAdminService(
    users as unknown as UsersRepository,
    teams as unknown as TeamsRepository,
    events as unknown as ControlEventsRepository,
  ).handlers();
  const call = adminCaller(() => handlers, caller, 'req-1');
  return { users, teams, events, call };
}

describe('UsersAdminService', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
  afterEach(() => jest.restoreAllMocks());

  it('creates a user with a key shown once and stored as its SHA-256, joining each team once', async () => {
    const { users, events, call } = setup();
    users.create.mockImplementation((user, teams) =>
      Promise.resolve({ created: { user, teamIds: teams.map((t) => t.teamId) } }),
    );
    const answer = await call('user.new', {
      user_email: 'new@x.io',
      team_id: 't1',
      teams: ['t1', { team_id: 't2', user_role: 'admin' }],
      max_budget: 3,
      duration: '1h',
      key_alias: 'mine',
      send_invite_email: true,
    });
    const [user, teams, row] = users.create.mock.calls[0];
    expect(user).toMatchObject({
      userEmail: 'new@x.io',
      userRole: 'internal_user',
      governed: { maxBudgetMicroUsd: 3_000_000 },
    });
    expect(teams).toEqual([
      { teamId: 't1', role: 'user' },
      { teamId: 't2', role: 'admin' },
    ]);
    const key = String(answer.key);
    expect(key).toMatch(/^sk-[A-Za-z0-9_-]{43}$/);
    expect(row).toMatchObject({
      keyHash: createHash('sha256').update(key).digest('hex'),
      keyName: `sk-...${key.slice(-4)}`,
      keyAlias: 'mine',
      userId: user.id,
      teamId: 't1',
      expiresAt: new Date(NOW + 3_600_000),
      createdBy: 'master_key',
    });
    expect(JSON.stringify(row)).not.toContain(key);
    expect(answer).toMatchObject({ user_id: user.id, teams: ['t1', 't2'], max_budget: 3, token: row?.keyHash });
    expect(events.scopeChanged).toHaveBeenCalledWith('user', user.id, 'req-1');
  });

  it('creates no key when told not to', async () => {
    const { users, call } = setup();
    users.create.mockImplementation((user) => Promise.resolve({ created: { user, teamIds: [] } }));
    const answer = await call('user.new', { user_id: 'plain', auto_create_key: false, user_role: 'proxy_admin' });
    expect(users.create.mock.calls[0][2]).toBeUndefined();
    expect(answer).toMatchObject({ user_id: 'plain', user_role: 'proxy_admin', key: null, token: null });
  });

  it.each([
    [{ duplicate: 'user_email' } as const, { user_email: 'a@x.io' }, 'user_email'],
    [{ duplicate: 'key_alias' } as const, { key_alias: 'taken' }, 'key_alias'],
    [{ missingTeam: 't2' }, { team_id: 't1', teams: ['t2'] }, 'teams[0]'],
    [{ missingTeam: 't1' }, { team_id: 't1' }, 'team_id'],
  ])('answers %j with a 400 naming the field', async (result, body, param) => {
    const { users, events, call } = setup();
    users.create.mockResolvedValue(result);
    const failure = await failureOf(call('user.new', body));
    expect([failure.status, failure.details.param]).toEqual([400, param]);
    expect(events.scopeChanged).not.toHaveBeenCalled();
  });

  it.each([
    [{ spend: 5 }, 'spend'],
    [{ user_role: 'root' }, 'user_role'],
    [{ model_max_budget: { 'gpt-4o': 1 } }, 'model_max_budget'],
    [{ blocked: true }, 'blocked'],
    [{ duration: 'forever' }, 'duration'],
  ])('refuses /user/new %j naming %s', async (body, param) => {
    const { users, call } = setup();
    expect((await failureOf(call('user.new', body))).details.param).toBe(param);
    expect(users.create).not.toHaveBeenCalled();
  });

  it('updates by id (email is then a new address) or by email (it only names the user)', async () => {
    const { users, events, call } = setup();
    const applied: UserChanges[] = [];
    users.update.mockImplementation((_selector, change) => {
      applied.push(change(userRecord().user));
      return Promise.resolve({ updated: userRecord({ userRole: 'proxy_admin_viewer' }) });
    });
    const answer = await call('user.update', {
      user_id: 'u1',
      user_email: 'new@x.io',
      user_role: 'proxy_admin_viewer',
    });
    await call('user.update', { user_email: 'u1@x.io', rpm_limit: 5 });
    expect(users.update.mock.calls.map((c) => c[0])).toEqual([{ id: 'u1' }, { email: 'u1@x.io' }]);
    expect(applied).toEqual([
      { userEmail: 'new@x.io', userRole: 'proxy_admin_viewer', governed: {} },
      { governed: { rpmLimit: 5 } },
    ]);
    expect(answer).toMatchObject({ user_id: 'u1', data: { user_role: 'proxy_admin_viewer' } });
    expect(events.scopeChanged).toHaveBeenCalledTimes(2);
  });

  it('404s an unknown user, 400s a taken email, and refuses setting spend', async () => {
    const { users, call } = setup();
    users.update.mockResolvedValueOnce({ notFound: true });
    expect((await failureOf(call('user.update', { user_id: 'ghost' }))).status).toBe(404);
    users.update.mockResolvedValueOnce({ duplicate: 'user_email' });
    expect((await failureOf(call('user.update', { user_id: 'u1', user_email: 'b@x.io' }))).details.param).toBe(
      'user_email',
    );
    expect((await failureOf(call('user.update', { user_id: 'u1', spend: 0 }))).details.param).toBe('spend');
    expect((await failureOf(call('user.update', { rpm_limit: 1 }))).details.param).toBe('user_id');
  });

  it("shows the caller's own user when no user_id is given", async () => {
    const { users, teams, call } = setup({ ...master, kind: 'virtual_key', userId: 'me' });
    users.find.mockResolvedValue(userRecord({ id: 'me' }, ['t1']));
    users.keysOf.mockResolvedValue([]);
    teams.list.mockResolvedValue([]);
    const info = await call('user.info', {});
    expect(users.find).toHaveBeenCalledWith({ id: 'me' });
    expect(teams.list).toHaveBeenCalledWith({ userId: 'me' });
    expect(info).toMatchObject({ user_id: 'me', user_info: { user_id: 'me', teams: ['t1'] }, keys: [], teams: [] });
    const { call: masterCall } = setup();
    expect((await failureOf(masterCall('user.info', {}))).details.param).toBe('user_id');
  });

  it('pages the list from query strings and splits user_ids', async () => {
    const { users, call } = setup();
    users.list.mockResolvedValue({ users: [{ ...userRecord(), keyCount: 2 }], total: 51 });
    const page = await call('user.list', { page: '2', page_size: '25', user_ids: 'u1, u2,', role: 'internal_user' });
    expect(users.list).toHaveBeenCalledWith(
      { role: 'internal_user', ids: ['u1', 'u2'], emailContains: undefined, teamId: undefined },
      2,
      25,
    );
    expect(page).toMatchObject({ total: 51, page: 2, page_size: 25, total_pages: 3 });
    expect(page.users).toEqual([expect.objectContaining({ user_id: 'u1', key_count: 2 })]);
    expect((await failureOf(call('user.list', { page_size: '500' }))).details.param).toBe('page_size');
    // Empty query parameters mean "not given", as in LiteLLM.
    await call('user.list', { page: '', role: '', user_email: '', team: '' });
    expect(users.list).toHaveBeenLastCalledWith(
      { role: undefined, ids: undefined, emailContains: undefined, teamId: undefined },
      1,
      25,
    );
  });

  it('revokes the keys of deleted users after the delete', async () => {
    const { users, events, call } = setup();
    users.delete.mockResolvedValueOnce({ missing: ['u9'] });
    expect((await failureOf(call('user.delete', { user_ids: ['u9'] }))).status).toBe(404);
    users.delete.mockResolvedValueOnce({ revokedKeys: [{ id: 'k1', keyHash: 'h1' }] });
    expect(await call('user.delete', { user_ids: ['u1'] })).toEqual({ deleted_users: ['u1'] });
    expect(events.keyChanged.mock.calls).toEqual([['key.revoked', 'h1', 'req-1']]);
    expect(events.scopeChanged).toHaveBeenCalledWith('user', 'u1', 'req-1');
  });
});
