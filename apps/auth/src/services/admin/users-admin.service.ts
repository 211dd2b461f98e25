import { Injectable } from '@nestjs/common';
import {
  AdminOperation,
  parseBody,
  parseBudgetDuration,
  userDeleteSchema,
  userInfoQuerySchema,
  userListQuerySchema,
  UserNewRequest,
  userNewSchema,
  userUpdateSchema,
} from '@gatehouse/governance';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { ControlEventsRepository } from '../../repositories/control-events.repository';
import { ApiKeyEntity, newGovernedColumns, UserEntity } from '../../repositories/entities';
import { TeamsRepository } from '../../repositories/teams.repository';
import {
  MembershipSpec,
  UserChanges,
  UserRecord,
  UserSelector,
  UsersRepository,
} from '../../repositories/users.repository';
import { actorOf, AdminCall, AdminHandler, AdminHandlerSet } from './admin-handler';
import { auditOf, badRequest, governedChanges, governedView, keyView, notFound, teamView } from './teams-admin.service';

export function userView({ user, teamIds }: UserRecord, nowMs: number) {
  return {
    user_id: user.id,
    user_email: user.userEmail,
    user_alias: user.userAlias,
    user_role: user.userRole,
    organization_id: user.organizationId,
    teams: teamIds,
    ...governedView(user.governed, nowMs),
  };
}

/** A key shown once, and the row that stores only its SHA-256. */
interface IssuedKey {
  key: string;
  row: ApiKeyEntity;
}

/** The teams a new user joins: `team_id` and `teams`, each once (the first mention wins). */
function membershipsOf(input: UserNewRequest): MembershipSpec[] {
  const wanted = [
    ...(input.team_id ? [{ teamId: input.team_id, role: 'user' as const }] : []),
    ...(input.teams ?? []).map((team) => ({ teamId: team.team_id, role: team.user_role })),
  ];
  return wanted.filter((spec, index) => wanted.findIndex((other) => other.teamId === spec.teamId) === index);
}

function teamParam(input: UserNewRequest, teamId: string): string {
  if (input.team_id === teamId) return 'team_id';
  return `teams[${(input.teams ?? []).findIndex((team) => team.team_id === teamId)}]`;
}

/** LiteLLM's /user/* operations. Every change is audited and announced on control.v1 after commit. */
@Injectable()
export class UsersAdminService implements AdminHandlerSet {
  constructor(
    private readonly users: UsersRepository,
    private readonly teams: TeamsRepository,
    private readonly events: ControlEventsRepository,
  ) {}

  handlers(): Partial<Record<AdminOperation, AdminHandler>> {
    return {
      'user.new': (call) => this.create(call),
      'user.update': (call) => this.update(call),
      'user.delete': (call) => this.delete(call),
      'user.info': (call) => this.info(call),
      'user.list': (call) => this.list(call),
    };
  }

  private async create(call: AdminCall) {
    const input = parseBody(userNewSchema, call.body);
    const nowMs = Date.now();
    const now = new Date(nowMs);
    const blank = newGovernedColumns(now);
    const user: UserEntity = {
      id: input.user_id ?? randomUUID(),
      userEmail: input.user_email ?? null,
      userAlias: input.user_alias ?? null,
      userRole: input.user_role ?? 'internal_user',
      organizationId: null,
      governed: { ...blank, ...governedChanges(input, blank, now) },
    };
    // LiteLLM creates a key with every new user unless told not to; scripts read `key` from the answer.
    const issued = input.auto_create_key === false ? undefined : this.issueKey(user.id, input, call, now);
    const result = await this.users.create(user, membershipsOf(input), issued?.row, auditOf(call));
    if ('duplicate' in result)
      throw badRequest(result.duplicate, `'${this.duplicateValue(result.duplicate, user, input)}' is already taken`);
    if ('missingTeam' in result)
      throw badRequest(teamParam(input, result.missingTeam), `team '${result.missingTeam}' does not exist`);
    this.events.scopeChanged('user', user.id, call.requestId);
    return {
      ...userView(result.created, nowMs),
      key: issued?.key ?? null,
      key_name: issued?.row.keyName ?? null,
      key_alias: issued?.row.keyAlias ?? null,
      token: issued?.row.keyHash ?? null,
      expires: issued?.row.expiresAt?.toISOString() ?? null,
    };
  }

  private async update(call: AdminCall) {
    const input = parseBody(userUpdateSchema, call.body);
    const selector: UserSelector = input.user_id ? { id: input.user_id } : { email: input.user_email ?? '' };
    const nowMs = Date.now();
    const change = (current: UserEntity): UserChanges => {
      const changes: UserChanges = { governed: governedChanges(input, current.governed, new Date(nowMs)) };
      // With a user_id, user_email is a new address; without one, it only names the user.
      if (input.user_id && input.user_email !== undefined) changes.userEmail = input.user_email;
      if (input.user_alias !== undefined) changes.userAlias = input.user_alias;
      if (input.user_role) changes.userRole = input.user_role;
      return changes;
    };
    const result = await this.users.update(selector, change, auditOf(call));
    const param = input.user_id ? 'user_id' : 'user_email';
    if ('notFound' in result) throw notFound(param, `user '${input.user_id ?? input.user_email}' does not exist`);
    if ('duplicate' in result) throw badRequest('user_email', `'${input.user_email}' belongs to another user`);
    // A changed role or limit must reach every cached principal of the user's keys.
    this.events.scopeChanged('user', result.updated.user.id, call.requestId);
    return { user_id: result.updated.user.id, data: userView(result.updated, nowMs) };
  }

  private async delete(call: AdminCall) {
    const ids = [...new Set(parseBody(userDeleteSchema, call.body).user_ids)];
    const result = await this.users.delete(ids, auditOf(call));
    if ('missing' in result) throw notFound('user_ids', `user '${result.missing[0]}' does not exist`);
    for (const key of result.revokedKeys) this.events.keyChanged('key.revoked', key.keyHash, call.requestId);
    for (const id of ids) this.events.scopeChanged('user', id, call.requestId);
    return { deleted_users: ids };
  }

  private async info(call: AdminCall) {
    const query = parseBody(userInfoQuerySchema, call.body);
    // As in LiteLLM, no user_id means the caller's own user.
    const userId = query.user_id ?? (call.caller.userId || undefined);
    if (!userId) throw badRequest('user_id', 'user_id is required');
    const record = await this.users.find({ id: userId });
    if (!record) throw notFound('user_id', `user '${userId}' does not exist`);
    const [keys, teams] = await Promise.all([this.users.keysOf({ userId }), this.teams.list({ userId })]);
    const nowMs = Date.now();
    return {
      user_id: userId,
      user_info: userView(record, nowMs),
      keys: keys.map((key) => keyView(key, nowMs)),
      teams: teams.map((team) => teamView(team, nowMs)),
    };
  }

  private async list(call: AdminCall) {
    const query = parseBody(userListQuerySchema, call.body);
    const ids = query.user_ids
      ?.split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '');
    const filter = { role: query.role, ids, emailContains: query.user_email, teamId: query.team };
    const { users, total } = await this.users.list(filter, query.page, query.page_size);
    const nowMs = Date.now();
    return {
      users: users.map((record) => ({ ...userView(record, nowMs), key_count: record.keyCount })),
      total,
      page: query.page,
      page_size: query.page_size,
      total_pages: Math.ceil(total / query.page_size),
    };
  }

  /** `sk-` + 256 random bits; only the SHA-256 is stored, as the key service does. */
  private issueKey(userId: string, input: UserNewRequest, call: AdminCall, now: Date): IssuedKey {
    const key = `sk-${randomBytes(32).toString('base64url')}`;
    const seconds = input.duration ? (parseBudgetDuration(input.duration) ?? 0) : 0;
    const row: ApiKeyEntity = {
      id: randomUUID(),
      keyHash: createHash('sha256').update(key).digest('hex'),
      keyName: `sk-...${key.slice(-4)}`,
      keyAlias: input.key_alias ?? null,
      userId,
      teamId: input.team_id ?? null,
      expiresAt: seconds > 0 ? new Date(now.getTime() + seconds * 1000) : null,
      blocked: false,
      modelRpmLimit: {},
      modelTpmLimit: {},
      guardrails: [],
      allowRequestGuardrails: false,
      createdBy: actorOf(call.caller),
      governed: newGovernedColumns(now),
    };
    return { key, row };
  }

  private duplicateValue(field: 'user_id' | 'user_email' | 'key_alias', user: UserEntity, input: UserNewRequest) {
    if (field === 'user_id') return user.id;
    return field === 'user_email' ? user.userEmail : input.key_alias;
  }
}
