import { Injectable } from '@nestjs/common';
import { GatewayFailure } from '@gatehouse/errors';
import {
  AdminOperation,
  budgetView,
  checkGuardrailNames,
  dollarsToMicroUsd,
  parseBody,
  teamDeleteSchema,
  teamInfoQuerySchema,
  teamListQuerySchema,
  teamMemberAddSchema,
  teamMemberDeleteSchema,
  teamNewSchema,
  teamUpdateSchema,
} from '@gatehouse/governance';
import { randomUUID } from 'node:crypto';
import { AuthSettings } from '../../config/auth-settings';
import { ControlEventsRepository } from '../../repositories/control-events.repository';
import {
  ApiKeyEntity,
  budgetStateOf,
  GovernedColumns,
  newGovernedColumns,
  TeamEntity,
} from '../../repositories/entities';
import { MemberConflict, TeamChanges, TeamRecord, TeamsRepository } from '../../repositories/teams.repository';
import { AuditContext, UsersRepository } from '../../repositories/users.repository';
import { actorOf, AdminCall, AdminHandler, AdminHandlerSet } from './admin-handler';

/** The budget and limit fields LiteLLM accepts on teams and users alike; null clears, absent keeps. */
export interface GovernedInput {
  models?: string[] | null;
  max_budget?: number | null;
  budget_duration?: string | null;
  tpm_limit?: number | null;
  rpm_limit?: number | null;
  max_parallel_requests?: number | null;
  metadata?: Record<string, unknown> | null;
}

/**
 * The columns a payload changes. A new or changed budget_duration restarts the windows from now;
 * the same duration sent again (scripts often resend whole objects) keeps the window, and its spend.
 */
export function governedChanges(input: GovernedInput, current: GovernedColumns, now: Date): Partial<GovernedColumns> {
  const changes: Partial<GovernedColumns> = {};
  if (input.models !== undefined) changes.models = input.models ?? [];
  if (input.max_budget !== undefined)
    changes.maxBudgetMicroUsd = input.max_budget === null ? null : dollarsToMicroUsd(input.max_budget);
  if (input.budget_duration !== undefined && input.budget_duration !== current.budgetDuration) {
    changes.budgetDuration = input.budget_duration;
    changes.budgetAnchor = now;
  }
  if (input.tpm_limit !== undefined) changes.tpmLimit = input.tpm_limit;
  if (input.rpm_limit !== undefined) changes.rpmLimit = input.rpm_limit;
  if (input.max_parallel_requests !== undefined) changes.maxParallelRequests = input.max_parallel_requests;
  if (input.metadata !== undefined) changes.metadata = input.metadata ?? {};
  return changes;
}

/** Budget, limits, models and metadata as LiteLLM names them, money in dollars. */
export function governedView(governed: GovernedColumns, nowMs: number) {
  return {
    models: governed.models,
    ...budgetView(budgetStateOf(governed), nowMs),
    tpm_limit: governed.tpmLimit,
    rpm_limit: governed.rpmLimit,
    max_parallel_requests: governed.maxParallelRequests,
    metadata: governed.metadata,
    created_at: governed.createdAt.toISOString(),
    updated_at: governed.updatedAt.toISOString(),
  };
}

export function teamView({ team, members }: TeamRecord, nowMs: number) {
  return {
    team_id: team.id,
    team_alias: team.teamAlias,
    organization_id: team.organizationId,
    ...governedView(team.governed, nowMs),
    guardrails: team.guardrails,
    members_with_roles: members.map((m) => ({ role: m.role, user_id: m.userId, user_email: m.userEmail })),
    blocked: team.blocked,
  };
}

/** A key as LiteLLM lists it: by its hash (`token`) and abbreviated name, never the key itself. */
export function keyView(key: ApiKeyEntity, nowMs: number) {
  return {
    token: key.keyHash,
    key_name: key.keyName,
    key_alias: key.keyAlias,
    user_id: key.userId,
    team_id: key.teamId,
    expires: key.expiresAt?.toISOString() ?? null,
    blocked: key.blocked,
    guardrails: key.guardrails,
    allow_request_guardrails: key.allowRequestGuardrails,
    ...governedView(key.governed, nowMs),
  };
}

export function auditOf(call: AdminCall): AuditContext {
  return { requestId: call.requestId, actor: actorOf(call.caller) };
}

export function badRequest(param: string, message: string): GatewayFailure {
  return new GatewayFailure('bad_request', `${param}: ${message}`, { param });
}

export function notFound(param: string, message: string): GatewayFailure {
  return new GatewayFailure('not_found', message, { param, code: 'not_found' });
}

function memberFailure(field: string, { memberConflict }: MemberConflict): GatewayFailure {
  const at = `${field}[${memberConflict.index}]`;
  return memberConflict.reason === 'already_member'
    ? badRequest(`${at}.user_id`, 'this user is already a member of the team')
    : badRequest(`${at}.user_email`, 'this email belongs to another user');
}

/** LiteLLM's /team/* operations. Every change is audited and announced on control.v1 after commit. */
@Injectable()
export class TeamsAdminService implements AdminHandlerSet {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly users: UsersRepository,
    private readonly events: ControlEventsRepository,
    private readonly settings: AuthSettings,
  ) {}

  handlers(): Partial<Record<AdminOperation, AdminHandler>> {
    return {
      'team.new': (call) => this.create(call),
      'team.update': (call) => this.update(call),
      'team.delete': (call) => this.delete(call),
      'team.info': (call) => this.info(call),
      'team.list': (call) => this.list(call),
      'team.member_add': (call) => this.addMembers(call),
      'team.member_delete': (call) => this.removeMember(call),
    };
  }

  private async create(call: AdminCall) {
    const input = parseBody(teamNewSchema, call.body);
    checkGuardrailNames(input.guardrails, this.settings.guardrailNames);
    await this.requireOrganization(input.organization_id);
    const nowMs = Date.now();
    const now = new Date(nowMs);
    const blank = newGovernedColumns(now);
    const team: TeamEntity = {
      id: input.team_id ?? randomUUID(),
      teamAlias: input.team_alias ?? null,
      organizationId: input.organization_id ?? null,
      blocked: input.blocked ?? false,
      guardrails: input.guardrails ?? [],
      governed: { ...blank, ...governedChanges(input, blank, now) },
    };
    const members = (input.members_with_roles ?? []).map((m) => ({
      userId: m.user_id,
      userEmail: m.user_email,
      role: m.role,
    }));
    const result = await this.teams.create(team, members, auditOf(call));
    if ('duplicate' in result) throw badRequest('team_id', `team '${team.id}' already exists`);
    if ('memberConflict' in result) throw memberFailure('members_with_roles', result);
    this.events.scopeChanged('team', team.id, call.requestId);
    return teamView(result.created, nowMs);
  }

  private async update(call: AdminCall) {
    const input = parseBody(teamUpdateSchema, call.body);
    checkGuardrailNames(input.guardrails, this.settings.guardrailNames);
    await this.requireOrganization(input.organization_id);
    const nowMs = Date.now();
    const change = (current: TeamEntity): TeamChanges => {
      const changes: TeamChanges = { governed: governedChanges(input, current.governed, new Date(nowMs)) };
      if (input.team_alias !== undefined) changes.teamAlias = input.team_alias;
      if (input.organization_id !== undefined) changes.organizationId = input.organization_id;
      if (input.blocked !== undefined) changes.blocked = input.blocked ?? false;
      // Only `[]` removes guardrails: a null sent with a resent object must not drop them.
      if (input.guardrails) changes.guardrails = input.guardrails;
      return changes;
    };
    const record = await this.teams.update(input.team_id, change, auditOf(call));
    if (!record) throw notFound('team_id', `team '${input.team_id}' does not exist`);
    this.events.scopeChanged('team', record.team.id, call.requestId);
    return { team_id: record.team.id, data: teamView(record, nowMs) };
  }

  private async delete(call: AdminCall) {
    const ids = [...new Set(parseBody(teamDeleteSchema, call.body).team_ids)];
    const result = await this.teams.delete(ids, auditOf(call));
    if ('missing' in result) throw notFound('team_ids', `team '${result.missing[0]}' does not exist`);
    for (const key of result.revokedKeys) this.events.keyChanged('key.revoked', key.keyHash, call.requestId);
    for (const id of ids) this.events.scopeChanged('team', id, call.requestId);
    return { deleted_teams: ids };
  }

  private async info(call: AdminCall) {
    const { team_id: teamId } = parseBody(teamInfoQuerySchema, call.body);
    const record = await this.teams.find(teamId);
    if (!record) throw notFound('team_id', `team '${teamId}' does not exist`);
    const keys = await this.users.keysOf({ teamId });
    const nowMs = Date.now();
    return { team_id: teamId, team_info: teamView(record, nowMs), keys: keys.map((key) => keyView(key, nowMs)) };
  }

  private async list(call: AdminCall) {
    const query = parseBody(teamListQuerySchema, call.body);
    // LiteLLM's name for "teams in no organization".
    const organizationId = query.organization_id === 'default_organization' ? null : query.organization_id;
    const records = await this.teams.list({ userId: query.user_id, organizationId });
    const nowMs = Date.now();
    return records.map((record) => teamView(record, nowMs));
  }

  private async addMembers(call: AdminCall) {
    const input = parseBody(teamMemberAddSchema, call.body);
    const members = input.member.map((m) => ({ userId: m.user_id, userEmail: m.user_email, role: m.role }));
    const result = await this.teams.addMembers(input.team_id, members, auditOf(call));
    if ('teamMissing' in result) throw notFound('team_id', `team '${input.team_id}' does not exist`);
    if ('memberConflict' in result) throw memberFailure('member', result);
    this.events.scopeChanged('team', input.team_id, call.requestId);
    return {
      ...teamView(result.added, Date.now()),
      updated_users: result.users.map((u) => ({ user_id: u.id, user_email: u.userEmail, user_role: u.userRole })),
      updated_team_memberships: result.users.map((u) => ({ team_id: input.team_id, user_id: u.id, spend: 0 })),
    };
  }

  private async removeMember(call: AdminCall) {
    const input = parseBody(teamMemberDeleteSchema, call.body);
    const who = { userId: input.user_id, userEmail: input.user_email };
    const result = await this.teams.removeMember(input.team_id, who, auditOf(call));
    if ('teamMissing' in result) throw notFound('team_id', `team '${input.team_id}' does not exist`);
    if ('notMember' in result) throw notFound('user_id', `user is not a member of team '${input.team_id}'`);
    for (const key of result.revokedKeys) this.events.keyChanged('key.revoked', key.keyHash, call.requestId);
    this.events.scopeChanged('team', input.team_id, call.requestId);
    return teamView(result.removed, Date.now());
  }

  private async requireOrganization(id: string | null | undefined): Promise<void> {
    if (id && !(await this.teams.organizationExists(id)))
      throw badRequest('organization_id', `organization '${id}' does not exist`);
  }
}
