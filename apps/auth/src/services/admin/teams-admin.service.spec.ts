import { makePrincipal } from '@gatehouse/contracts';
import { adminCaller, failureOf } from '../../../test/admin-calls';
import { AuthSettings } from '../../config/auth-settings';
import { ControlEventsRepository } from '../../repositories/control-events.repository';
import { ApiKeyEntity, GovernedColumns, newGovernedColumns, TeamEntity } from '../../repositories/entities';
import { TeamChanges, TeamRecord, TeamsRepository } from '../../repositories/teams.repository';
import { UsersRepository } from '../../repositories/users.repository';
import { TeamsAdminService } from './teams-admin.service';

const NOW = Date.UTC(2026, 2, 10, 12);
const DAY = 86_400_000;
const caller = makePrincipal({ kind: 'virtual_key', subject: 'h', userId: 'admin-1', admin: true, keyId: 'k1' });

function governed(overrides: Partial<GovernedColumns> = {}): GovernedColumns {
  return { ...newGovernedColumns(new Date(NOW - 5 * DAY)), ...overrides };
}

function teamRecord(overrides: Partial<TeamEntity> = {}, members: TeamRecord['members'] = []): TeamRecord {
  return {
    team: {
      id: 't1',
      teamAlias: 'ops',
      organizationId: null,
      blocked: false,
      guardrails: [],
      governed: governed(),
      ...overrides,
    },
    members,
  };
}

function setup() {
  const teams = {
    find: jest.fn<Promise<TeamRecord | null>, [string]>(),
    list: jest.fn(),
    organizationExists: jest.fn<Promise<boolean>, [string]>(),
    create: jest.fn<ReturnType<TeamsRepository['create']>, Parameters<TeamsRepository['create']>>(),
    update: jest.fn<ReturnType<TeamsRepository['update']>, Parameters<TeamsRepository['update']>>(),
    delete: jest.fn<ReturnType<TeamsRepository['delete']>, Parameters<TeamsRepository['delete']>>(),
    addMembers: jest.fn<ReturnType<TeamsRepository['addMembers']>, Parameters<TeamsRepository['addMembers']>>(),
    removeMember: jest.fn<ReturnType<TeamsRepository['removeMember']>, Parameters<TeamsRepository['removeMember']>>(),
  };
  const users = { keysOf: jest.fn<Promise<ApiKeyEntity[]>, Parameters<UsersRepository['keysOf']>>() };
  const events = { keyChanged: jest.fn(), scopeChanged: jest.fn() };
  const service = new TeamsAdminService(
    teams as unknown as TeamsRepository,
    users as unknown as UsersRepository,
    events as unknown as ControlEventsRepository,
    new AuthSettings(undefined, 0, 0, 0, undefined, new Set(['pii-mask', 'toxicity'])),
  );
  const call = adminCaller(() => service.handlers(), caller, 'req-1');
  return { teams, users, events, call };
}

describe('TeamsAdminService', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
  afterEach(() => jest.restoreAllMocks());

  it('creates a team with a fresh id, money in micro-dollars and the window anchored now', async () => {
    const { teams, events, call } = setup();
    teams.create.mockImplementation((team) => Promise.resolve({ created: { team, members: [] }, users: [] }));
    const body = {
      team_alias: 'QA',
      max_budget: 12.5,
      budget_duration: '1d',
      members_with_roles: [{ role: 'admin', user_email: 'a@x.io' }],
    };
    const answer = await call('team.new', body);
    const [team, members, audit] = teams.create.mock.calls[0];
    expect(team.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(team.governed).toMatchObject({
      maxBudgetMicroUsd: 12_500_000,
      budgetDuration: '1d',
      budgetAnchor: new Date(NOW),
    });
    expect(members).toEqual([{ userId: undefined, userEmail: 'a@x.io', role: 'admin' }]);
    expect(audit).toEqual({ requestId: 'req-1', actor: 'user:admin-1' });
    expect(answer).toMatchObject({ team_id: team.id, max_budget: 12.5, spend: 0, remaining_budget: 12.5 });
    expect(answer.budget_reset_at).toBe(new Date(NOW + DAY).toISOString());
    expect(events.scopeChanged).toHaveBeenCalledWith('team', team.id, 'req-1');
  });

  it('names the field of a duplicate id or member, and announces nothing', async () => {
    const { teams, events, call } = setup();
    teams.create.mockResolvedValueOnce({ duplicate: 'team_id' });
    expect((await failureOf(call('team.new', { team_id: 't1' }))).details.param).toBe('team_id');
    teams.create.mockResolvedValueOnce({ memberConflict: { index: 1, reason: 'email_taken' } });
    const member = await failureOf(call('team.new', { team_id: 't2' }));
    expect(member.details.param).toBe('members_with_roles[1].user_email');
    teams.organizationExists.mockResolvedValueOnce(false);
    expect((await failureOf(call('team.new', { organization_id: 'o9' }))).details.param).toBe('organization_id');
    expect(events.scopeChanged).not.toHaveBeenCalled();
  });

  it('restarts the budget window only when the duration changes', async () => {
    const { teams, call } = setup();
    const current = teamRecord({ governed: governed({ budgetDuration: '30d', maxBudgetMicroUsd: 1 }) }).team;
    const applied: TeamChanges[] = [];
    teams.update.mockImplementation((_id, change) => {
      applied.push(change(current));
      return Promise.resolve(teamRecord());
    });
    await call('team.update', { team_id: 't1', budget_duration: '30d', max_budget: null, blocked: true });
    await call('team.update', { team_id: 't1', budget_duration: '7d' });
    expect(applied[0]).toEqual({ blocked: true, governed: { maxBudgetMicroUsd: null } });
    expect(applied[1]).toEqual({ governed: { budgetDuration: '7d', budgetAnchor: new Date(NOW) } });
  });

  it('attaches configured guardrails once each; on update only a list changes them', async () => {
    const { teams, call } = setup();
    teams.create.mockImplementation((team) => Promise.resolve({ created: { team, members: [] }, users: [] }));
    const created = await call('team.new', { guardrails: ['toxicity', 'pii-mask', 'toxicity'] });
    expect(teams.create.mock.calls[0][0].guardrails).toEqual(['toxicity', 'pii-mask']);
    expect(created.guardrails).toEqual(['toxicity', 'pii-mask']);

    const current = teamRecord({ guardrails: ['pii-mask'] }).team;
    const applied: TeamChanges[] = [];
    teams.update.mockImplementation((_id, change) => {
      applied.push(change(current));
      return Promise.resolve(teamRecord());
    });
    await call('team.update', { team_id: 't1', rpm_limit: 1 });
    await call('team.update', { team_id: 't1', guardrails: null });
    await call('team.update', { team_id: 't1', guardrails: [] });
    expect(applied.map((change) => change.guardrails)).toEqual([undefined, undefined, []]);

    for (const operation of ['team.new', 'team.update'] as const) {
      const refused = await failureOf(call(operation, { team_id: 't1', guardrails: ['pii'] }));
      expect([refused.status, refused.details.param]).toEqual([400, 'guardrails']);
      expect(refused.message).toContain("'pii'");
    }
    expect(teams.create).toHaveBeenCalledTimes(1);
    expect(teams.update).toHaveBeenCalledTimes(3);
  });

  it('answers an update LiteLLM-style and 404s an unknown team', async () => {
    const { teams, events, call } = setup();
    teams.update.mockResolvedValueOnce(teamRecord({ teamAlias: 'renamed' }));
    expect(await call('team.update', { team_id: 't1', team_alias: 'renamed' })).toMatchObject({
      team_id: 't1',
      data: { team_id: 't1', team_alias: 'renamed' },
    });
    teams.update.mockResolvedValueOnce(null);
    const failure = await failureOf(call('team.update', { team_id: 'ghost' }));
    expect([failure.status, failure.details.param]).toEqual([404, 'team_id']);
    expect(events.scopeChanged).toHaveBeenCalledTimes(1);
  });

  it('counts spend only inside the current window', async () => {
    const { teams, users, call } = setup();
    // Windows restart daily from the anchor: the current one began 12 hours ago.
    const anchor = new Date(NOW - 5 * DAY - 12 * 3_600_000);
    const budget = {
      maxBudgetMicroUsd: 10_000_000,
      budgetDuration: '1d',
      budgetAnchor: anchor,
      spendMicroUsd: 4_000_000,
    };
    teams.find.mockResolvedValueOnce(
      teamRecord({ governed: governed({ ...budget, spendWindowStart: new Date(NOW - 12 * 3_600_000) }) }),
    );
    users.keysOf.mockResolvedValue([]);
    expect((await call('team.info', { team_id: 't1' })).team_info).toMatchObject({ spend: 4, remaining_budget: 6 });
    teams.find.mockResolvedValueOnce(
      teamRecord({ governed: governed({ ...budget, spendWindowStart: new Date(NOW - 36 * 3_600_000) }) }),
    );
    expect((await call('team.info', { team_id: 't1' })).team_info).toMatchObject({ spend: 0, remaining_budget: 10 });
  });

  it('lists a team key by its hash and name, never the key', async () => {
    const { teams, users, call } = setup();
    teams.find.mockResolvedValue(teamRecord());
    const key: ApiKeyEntity = {
      id: 'k1',
      keyHash: 'abc123',
      keyName: 'sk-...wxyz',
      keyAlias: null,
      userId: null,
      teamId: 't1',
      expiresAt: null,
      blocked: false,
      modelRpmLimit: {},
      modelTpmLimit: {},
      guardrails: ['pii-mask'],
      allowRequestGuardrails: false,
      createdBy: null,
      governed: governed(),
    };
    users.keysOf.mockResolvedValue([key]);
    const info = await call('team.info', { team_id: 't1' });
    expect(users.keysOf).toHaveBeenCalledWith({ teamId: 't1' });
    expect(info.keys).toEqual([
      expect.objectContaining({ token: 'abc123', key_name: 'sk-...wxyz', team_id: 't1', guardrails: ['pii-mask'] }),
    ]);
    expect(Object.keys((info.keys as object[])[0])).not.toContain('key');
  });

  it('revokes the keys a delete took, after it, and deletes nothing when a team is unknown', async () => {
    const { teams, events, call } = setup();
    teams.delete.mockResolvedValueOnce({ missing: ['t9'] });
    expect((await failureOf(call('team.delete', { team_ids: ['t1', 't9'] }))).status).toBe(404);
    expect(events.keyChanged).not.toHaveBeenCalled();
    teams.delete.mockResolvedValueOnce({ revokedKeys: [{ id: 'k1', keyHash: 'h1' }] });
    expect(await call('team.delete', { team_ids: ['t1', 't1'] })).toEqual({ deleted_teams: ['t1'] });
    expect(events.keyChanged).toHaveBeenCalledWith('key.revoked', 'h1', 'req-1');
    expect(events.scopeChanged).toHaveBeenCalledWith('team', 't1', 'req-1');
  });

  it('adds one member given as an object and reports who was added', async () => {
    const { teams, call } = setup();
    const user = {
      id: 'u1',
      userEmail: 'u@x.io',
      userAlias: null,
      userRole: 'internal_user' as const,
      organizationId: null,
      governed: governed(),
    };
    teams.addMembers.mockResolvedValueOnce({
      added: teamRecord({}, [{ userId: 'u1', userEmail: 'u@x.io', role: 'user' }]),
      users: [user],
    });
    const answer = await call('team.member_add', { team_id: 't1', member: { role: 'user', user_id: 'u1' } });
    expect(teams.addMembers.mock.calls[0][1]).toEqual([{ userId: 'u1', userEmail: undefined, role: 'user' }]);
    expect(answer).toMatchObject({
      members_with_roles: [{ role: 'user', user_id: 'u1', user_email: 'u@x.io' }],
      updated_users: [{ user_id: 'u1', user_email: 'u@x.io', user_role: 'internal_user' }],
    });
    teams.addMembers.mockResolvedValueOnce({ memberConflict: { index: 0, reason: 'already_member' } });
    expect(
      (await failureOf(call('team.member_add', { team_id: 't1', member: [{ role: 'user', user_id: 'u1' }] }))).details
        .param,
    ).toBe('member[0].user_id');
  });

  it('refuses what Gatehouse cannot enforce and payloads without a member', async () => {
    const { call } = setup();
    const budget = await failureOf(
      call('team.member_add', { team_id: 't1', member: { role: 'user', user_id: 'u' }, max_budget_in_team: 5 }),
    );
    expect(budget.details.param).toBe('max_budget_in_team');
    expect(budget.message).toContain('not supported by Gatehouse');
    expect((await failureOf(call('team.member_delete', { team_id: 't1' }))).details.param).toBe('user_id');
    expect((await failureOf(call('team.update', { team_id: 't1', model_rpm_limit: { gpt: 5 } }))).details.param).toBe(
      'model_rpm_limit',
    );
  });

  it('revokes a removed member team keys and 404s a non-member', async () => {
    const { teams, events, call } = setup();
    teams.removeMember.mockResolvedValueOnce({
      removed: teamRecord(),
      userId: 'u1',
      revokedKeys: [{ id: 'k', keyHash: 'hk' }],
    });
    await call('team.member_delete', { team_id: 't1', user_email: 'u@x.io' });
    expect(teams.removeMember.mock.calls[0][1]).toEqual({ userId: undefined, userEmail: 'u@x.io' });
    expect(events.keyChanged).toHaveBeenCalledWith('key.revoked', 'hk', 'req-1');
    teams.removeMember.mockResolvedValueOnce({ notMember: true });
    expect((await failureOf(call('team.member_delete', { team_id: 't1', user_id: 'u2' }))).status).toBe(404);
  });

  it('reads default_organization as teams in no organization', async () => {
    const { teams, call } = setup();
    teams.list.mockResolvedValue([teamRecord()]);
    const listed = await call('team.list', { organization_id: 'default_organization', user_id: 'u1' });
    expect(teams.list).toHaveBeenCalledWith({ userId: 'u1', organizationId: null });
    expect(listed).toEqual([expect.objectContaining({ team_id: 't1', team_alias: 'ops' })]);
  });
});
