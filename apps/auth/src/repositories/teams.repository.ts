import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AUTH_DATA_SOURCE } from '../config/data-source-options';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditLogRepository } from './audit-log.repository';
import { ApiKeyEntity, GovernedColumns, newGovernedColumns, TeamEntity, UserEntity } from './entities';
import {
  AuditContext,
  duplicateFieldOf,
  findUserByEmail,
  insertRow,
  insertUser,
  lockEmail,
  RevokedKey,
  snapshot,
  UsersRepository,
} from './users.repository';

export type MemberRole = 'admin' | 'user';

export interface TeamMember {
  userId: string;
  userEmail: string | null;
  role: MemberRole;
}

export interface TeamRecord {
  team: TeamEntity;
  members: TeamMember[];
}

/** A member as LiteLLM names one: by user id, by email, or both. */
export interface MemberSpec {
  userId?: string | null;
  userEmail?: string | null;
  role: MemberRole;
}

export interface TeamFilter {
  userId?: string;
  /** null: teams in no organization. */
  organizationId?: string | null;
}

export type TeamChanges = Partial<Pick<TeamEntity, 'teamAlias' | 'organizationId' | 'blocked' | 'guardrails'>> & {
  governed?: Partial<GovernedColumns>;
};

/** Why the member at `index` of the request could not be added. */
export interface MemberConflict {
  memberConflict: { index: number; reason: 'already_member' | 'email_taken' };
}

export type CreateTeamResult = { created: TeamRecord; users: UserEntity[] } | { duplicate: 'team_id' } | MemberConflict;
export type AddMembersResult = { added: TeamRecord; users: UserEntity[] } | { teamMissing: true } | MemberConflict;
export type RemoveMemberResult =
  { removed: TeamRecord; userId: string; revokedKeys: RevokedKey[] } | { teamMissing: true } | { notMember: true };

/** Rolls a transaction back while carrying the answer out of it. */
class Conflict extends Error {
  constructor(readonly conflict: MemberConflict) {
    super('member conflict');
  }
}

/** Teams and their memberships; a team's keys and memberships cascade with it. */
@Injectable()
export class TeamsRepository {
  constructor(
    @InjectDataSource(AUTH_DATA_SOURCE) private readonly db: DataSource,
    private readonly log: AuditLogRepository,
    private readonly users: UsersRepository,
  ) {}

  async find(id: string): Promise<TeamRecord | null> {
    const team = await this.db.getRepository(TeamEntity).findOneBy({ id });
    return team ? (await this.withMembers(this.db.manager, [team]))[0] : null;
  }

  async list(filter: TeamFilter): Promise<TeamRecord[]> {
    const query = this.db.getRepository(TeamEntity).createQueryBuilder('t');
    if (filter.organizationId === null) query.andWhere('t.organization_id IS NULL');
    else if (filter.organizationId) query.andWhere('t.organization_id = :org', { org: filter.organizationId });
    if (filter.userId) {
      const member = 'EXISTS (SELECT 1 FROM team_memberships m WHERE m.team_id = t.id AND m.user_id = :userId)';
      query.andWhere(member, { userId: filter.userId });
    }
    const teams = await query.orderBy('t.created_at').addOrderBy('t.id').getMany();
    return this.withMembers(this.db.manager, teams);
  }

  async organizationExists(id: string): Promise<boolean> {
    const rows = await this.db.query<unknown[]>('SELECT 1 FROM organizations WHERE id = $1', [id]);
    return rows.length > 0;
  }

  /** Inserts the team with its first members (unknown users are created, as LiteLLM does), or nothing. */
  async create(team: TeamEntity, members: MemberSpec[], audit: AuditContext): Promise<CreateTeamResult> {
    try {
      return await this.db.transaction(async (tx) => {
        await insertRow(tx, TeamEntity, team);
        await this.log.record(tx, {
          ...audit,
          action: 'team.new',
          targetType: 'team',
          targetId: team.id,
          after: snapshot(team),
        });
        const users = await this.addAll(tx, team.id, [], members, audit);
        return { created: (await this.withMembers(tx, [team]))[0], users };
      });
    } catch (error) {
      if (error instanceof Conflict) return error.conflict;
      if (duplicateFieldOf(error) === 'team_id') return { duplicate: 'team_id' };
      throw error;
    }
  }

  /** Applies `change` to the locked row; `change` sees the row as it is, inside the transaction. */
  update(id: string, change: (current: TeamEntity) => TeamChanges, audit: AuditContext): Promise<TeamRecord | null> {
    return this.db.transaction(async (tx) => {
      const current = await this.lockTeam(tx, id);
      if (!current) return null;
      const before = snapshot(current);
      const { governed, ...own } = change(current);
      Object.assign(current, own);
      Object.assign(current.governed, governed, { updatedAt: new Date() });
      await tx.save(TeamEntity, current);
      const after = snapshot(current);
      await this.log.record(tx, { ...audit, action: 'team.update', targetType: 'team', targetId: id, before, after });
      return (await this.withMembers(tx, [current]))[0];
    });
  }

  /** Deletes all the teams or none; their keys and memberships go with them. */
  delete(ids: string[], audit: AuditContext) {
    return this.db.transaction(async (tx): Promise<{ missing: string[] } | { revokedKeys: RevokedKey[] }> => {
      const teams = await tx
        .getRepository(TeamEntity)
        .find({ where: { id: In(ids) }, lock: { mode: 'pessimistic_write' } });
      const missing = ids.filter((id) => !teams.some((team) => team.id === id));
      if (missing.length > 0) return { missing };
      const keys = await tx.getRepository(ApiKeyEntity).find({ where: { teamId: In(ids) } });
      for (const key of keys) await this.users.recordKeyRemoval(tx, key, 'team.delete', audit);
      for (const { team, members } of await this.withMembers(tx, teams)) {
        const before = { ...snapshot(team), members };
        await this.log.record(tx, { ...audit, action: 'team.delete', targetType: 'team', targetId: team.id, before });
      }
      await tx.delete(TeamEntity, { id: In(ids) });
      return { revokedKeys: keys.map(({ id, keyHash }) => ({ id, keyHash })) };
    });
  }

  async addMembers(teamId: string, members: MemberSpec[], audit: AuditContext): Promise<AddMembersResult> {
    try {
      return await this.db.transaction(async (tx) => {
        const team = await this.lockTeam(tx, teamId);
        if (!team) return { teamMissing: true as const };
        const [record] = await this.withMembers(tx, [team]);
        const users = await this.addAll(tx, teamId, record.members, members, audit);
        return { added: (await this.withMembers(tx, [team]))[0], users };
      });
    } catch (error) {
      if (error instanceof Conflict) return error.conflict;
      throw error;
    }
  }

  /** Removes a member and the keys it holds in the team, which would otherwise keep spending the team's budget. */
  removeMember(teamId: string, who: { userId?: string | null; userEmail?: string | null }, audit: AuditContext) {
    return this.db.transaction(async (tx): Promise<RemoveMemberResult> => {
      const team = await this.lockTeam(tx, teamId);
      if (!team) return { teamMissing: true };
      const userId = who.userId ?? (who.userEmail ? (await findUserByEmail(tx, who.userEmail))?.id : undefined);
      const [record] = await this.withMembers(tx, [team]);
      const member = record.members.find((m) => m.userId === userId);
      if (!userId || !member) return { notMember: true };
      const keys = await tx.getRepository(ApiKeyEntity).find({ where: { teamId, userId } });
      for (const key of keys) await this.users.recordKeyRemoval(tx, key, 'team.member_delete', audit);
      await tx.delete(ApiKeyEntity, { teamId, userId });
      await tx.query('DELETE FROM team_memberships WHERE team_id = $1 AND user_id = $2', [teamId, userId]);
      const target = `${teamId}/${userId}`;
      await this.log.record(tx, {
        ...audit,
        action: 'team.member_delete',
        targetType: 'membership',
        targetId: target,
        before: { ...member },
      });
      const revokedKeys = keys.map(({ id, keyHash }) => ({ id, keyHash }));
      return { removed: (await this.withMembers(tx, [team]))[0], userId, revokedKeys };
    });
  }

  /** The teams with their members, in the order given. */
  async withMembers(tx: EntityManager, teams: TeamEntity[]): Promise<TeamRecord[]> {
    const rows = await tx.query<{ team_id: string; user_id: string; role: MemberRole; user_email: string | null }[]>(
      `SELECT m.team_id, m.user_id, m.role, u.user_email FROM team_memberships m JOIN users u ON u.id = m.user_id
       WHERE m.team_id = ANY($1) ORDER BY m.created_at, m.user_id`,
      [teams.map((team) => team.id)],
    );
    return teams.map((team) => ({
      team,
      members: rows
        .filter((row) => row.team_id === team.id)
        .map((row) => ({ userId: row.user_id, userEmail: row.user_email, role: row.role })),
    }));
  }

  private async addAll(
    tx: EntityManager,
    teamId: string,
    existing: TeamMember[],
    members: MemberSpec[],
    audit: AuditContext,
  ): Promise<UserEntity[]> {
    const taken = new Set(existing.map((member) => member.userId));
    const users: UserEntity[] = [];
    for (const [index, spec] of members.entries()) {
      const user = await this.ensureUser(tx, spec, index, audit);
      if (taken.has(user.id)) throw new Conflict({ memberConflict: { index, reason: 'already_member' } });
      taken.add(user.id);
      await this.users.addMembership(tx, user.id, { teamId, role: spec.role }, audit);
      users.push(user);
    }
    return users;
  }

  /** The user a member names, created when unknown (with a fresh id when named by email only). */
  private async ensureUser(tx: EntityManager, spec: MemberSpec, index: number, audit: AuditContext) {
    const byId = spec.userId ? await tx.getRepository(UserEntity).findOneBy({ id: spec.userId }) : null;
    if (byId) return byId;
    if (spec.userEmail) {
      await lockEmail(tx, spec.userEmail);
      const byEmail = await findUserByEmail(tx, spec.userEmail);
      if (byEmail && !spec.userId) return byEmail;
      // The email belongs to someone else than the new user id the request names.
      if (byEmail) throw new Conflict({ memberConflict: { index, reason: 'email_taken' } });
    }
    const user: UserEntity = {
      id: spec.userId ?? randomUUID(),
      userEmail: spec.userEmail ?? null,
      userAlias: null,
      userRole: 'internal_user',
      organizationId: null,
      governed: newGovernedColumns(new Date()),
    };
    await insertUser(tx, user, audit, this.log);
    return user;
  }

  private lockTeam(tx: EntityManager, id: string): Promise<TeamEntity | null> {
    return tx.getRepository(TeamEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }
}
