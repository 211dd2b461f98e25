import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AUTH_DATA_SOURCE } from '../config/data-source-options';
import { DataSource, EntityManager, EntityTarget, In, ObjectLiteral, QueryFailedError } from 'typeorm';
import { AuditEntry, AuditLogRepository } from './audit-log.repository';
import { ApiKeyEntity, GovernedColumns, UserEntity, UserRole } from './entities';

/** Who makes a change and under which request; every audit row of the change carries both. */
export type AuditContext = Pick<AuditEntry, 'requestId' | 'actor'>;

/** A user with the ids of the teams it belongs to. */
export interface UserRecord {
  user: UserEntity;
  teamIds: string[];
}

export interface MembershipSpec {
  teamId: string;
  role: 'admin' | 'user';
}

/** A key that a delete took away with its owner: edge-api replicas must forget it by hash. */
export interface RevokedKey {
  id: string;
  keyHash: string;
}

export type UserSelector = { id: string } | { email: string };

export interface UserFilter {
  role?: UserRole;
  ids?: string[];
  emailContains?: string;
  teamId?: string;
}

export type UserChanges = Partial<Pick<UserEntity, 'userEmail' | 'userAlias' | 'userRole'>> & {
  governed?: Partial<GovernedColumns>;
};

export type CreateUserResult =
  { created: UserRecord } | { duplicate: 'user_id' | 'user_email' | 'key_alias' } | { missingTeam: string };

export type UpdateUserResult = { updated: UserRecord } | { notFound: true } | { duplicate: 'user_email' };

/** A deep, prototype-free copy for the audit log, taken before the entity is changed. */
export function snapshot(entity: object): Record<string, unknown> {
  return structuredClone({ ...entity });
}

const UNIQUE_FIELDS = new Map([
  ['users_pkey', 'user_id'],
  ['teams_pkey', 'team_id'],
  ['api_keys_key_alias_key', 'key_alias'],
  ['team_memberships_pkey', 'member'],
]);

/** The request field a unique violation is about, so that a race still ends in a 400 naming it. */
export function duplicateFieldOf(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driver = error.driverError as { code?: unknown; constraint?: unknown };
  return driver.code === '23505' && typeof driver.constraint === 'string'
    ? UNIQUE_FIELDS.get(driver.constraint)
    : undefined;
}

/**
 * A plain INSERT, never an upsert (`save` would update a row with the same id). Typed generically
 * because TypeORM's partial-entity type rejects `Record<string, unknown>` (jsonb metadata) on a concrete entity.
 */
export async function insertRow<T extends ObjectLiteral>(tx: EntityManager, target: EntityTarget<T>, row: T) {
  await tx.insert(target, row);
}

/** Serialises creations by email, so that two concurrent requests cannot create the same person twice. */
export async function lockEmail(tx: EntityManager, email: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext(lower($1)))', [email]);
}

export function findUserByEmail(tx: EntityManager, email: string): Promise<UserEntity | null> {
  return tx
    .getRepository(UserEntity)
    .createQueryBuilder('u')
    .where('lower(u.user_email) = lower(:email)', { email })
    .orderBy('u.created_at')
    .getOne();
}

export async function insertUser(tx: EntityManager, user: UserEntity, audit: AuditContext, log: AuditLogRepository) {
  await insertRow(tx, UserEntity, user);
  await log.record(tx, { ...audit, action: 'user.new', targetType: 'user', targetId: user.id, after: snapshot(user) });
}

/** Users, their team memberships and the keys they own (api_keys and memberships cascade with them). */
@Injectable()
export class UsersRepository {
  constructor(
    @InjectDataSource(AUTH_DATA_SOURCE) private readonly db: DataSource,
    private readonly log: AuditLogRepository,
  ) {}

  async find(selector: UserSelector): Promise<UserRecord | null> {
    const user =
      'id' in selector
        ? await this.db.getRepository(UserEntity).findOneBy({ id: selector.id })
        : await findUserByEmail(this.db.manager, selector.email);
    return user ? (await this.withTeams(this.db.manager, [user]))[0] : null;
  }

  async list(filter: UserFilter, page: number, pageSize: number) {
    const query = this.db.getRepository(UserEntity).createQueryBuilder('u');
    if (filter.role) query.andWhere('u.user_role = :role', { role: filter.role });
    if (filter.ids) query.andWhere('u.id = ANY(:ids)', { ids: filter.ids });
    if (filter.emailContains) {
      const pattern = `%${filter.emailContains.replace(/[\\%_]/g, '\\$&')}%`;
      query.andWhere('u.user_email ILIKE :pattern', { pattern });
    }
    if (filter.teamId) {
      const member = 'EXISTS (SELECT 1 FROM team_memberships m WHERE m.user_id = u.id AND m.team_id = :teamId)';
      query.andWhere(member, { teamId: filter.teamId });
    }
    const total = await query.getCount();
    const users = await query
      .orderBy('u.created_at')
      .addOrderBy('u.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .getMany();
    const records = await this.withTeams(this.db.manager, users);
    const counts = await this.keyCounts(users.map((user) => user.id));
    return { users: records.map((record) => ({ ...record, keyCount: counts.get(record.user.id) ?? 0 })), total };
  }

  /** Keys owned by a user or held by a team, oldest first. */
  keysOf(owner: { userId: string } | { teamId: string }): Promise<ApiKeyEntity[]> {
    return this.db.getRepository(ApiKeyEntity).find({ where: owner, order: { governed: { createdAt: 'ASC' } } });
  }

  /** Inserts the user, its memberships and its first key together, or nothing. */
  async create(
    user: UserEntity,
    teams: MembershipSpec[],
    key: ApiKeyEntity | undefined,
    audit: AuditContext,
  ): Promise<CreateUserResult> {
    try {
      return await this.db.transaction(async (tx) => {
        if (user.userEmail) {
          await lockEmail(tx, user.userEmail);
          if (await findUserByEmail(tx, user.userEmail)) return { duplicate: 'user_email' as const };
        }
        const teamIds = teams.map((team) => team.teamId);
        const found = await tx.query<{ id: string }[]>('SELECT id FROM teams WHERE id = ANY($1) FOR SHARE', [teamIds]);
        const missingTeam = teamIds.find((teamId) => !found.some((row) => row.id === teamId));
        if (missingTeam !== undefined) return { missingTeam };
        await insertUser(tx, user, audit, this.log);
        for (const team of teams) await this.addMembership(tx, user.id, team, audit);
        if (key) await this.insertKey(tx, key, audit);
        return { created: { user, teamIds } };
      });
    } catch (error) {
      const field = duplicateFieldOf(error);
      if (field === 'user_id' || field === 'key_alias') return { duplicate: field };
      throw error;
    }
  }

  /** Applies `change` to the locked row; `change` sees the row as it is, inside the transaction. */
  update(selector: UserSelector, change: (current: UserEntity) => UserChanges, audit: AuditContext) {
    return this.db.transaction(async (tx): Promise<UpdateUserResult> => {
      const current = await this.lockUser(tx, selector);
      if (!current) return { notFound: true };
      const before = snapshot(current);
      const { governed, ...own } = change(current);
      if (own.userEmail && own.userEmail.toLowerCase() !== current.userEmail?.toLowerCase()) {
        await lockEmail(tx, own.userEmail);
        if (await findUserByEmail(tx, own.userEmail)) return { duplicate: 'user_email' };
      }
      Object.assign(current, own);
      Object.assign(current.governed, governed, { updatedAt: new Date() });
      await tx.save(UserEntity, current);
      const after = snapshot(current);
      await this.log.record(tx, {
        ...audit,
        action: 'user.update',
        targetType: 'user',
        targetId: current.id,
        before,
        after,
      });
      return { updated: (await this.withTeams(tx, [current]))[0] };
    });
  }

  /** Deletes all the users or none; their keys and memberships go with them. */
  delete(ids: string[], audit: AuditContext) {
    return this.db.transaction(async (tx): Promise<{ missing: string[] } | { revokedKeys: RevokedKey[] }> => {
      const users = await tx
        .getRepository(UserEntity)
        .find({ where: { id: In(ids) }, lock: { mode: 'pessimistic_write' } });
      const missing = ids.filter((id) => !users.some((user) => user.id === id));
      if (missing.length > 0) return { missing };
      const keys = await tx.getRepository(ApiKeyEntity).find({ where: { userId: In(ids) } });
      for (const key of keys) await this.recordKeyRemoval(tx, key, 'user.delete', audit);
      for (const user of users) {
        await this.log.record(tx, {
          ...audit,
          action: 'user.delete',
          targetType: 'user',
          targetId: user.id,
          before: snapshot(user),
        });
      }
      await tx.delete(UserEntity, { id: In(ids) });
      return { revokedKeys: keys.map(({ id, keyHash }) => ({ id, keyHash })) };
    });
  }

  /** Audits a key that goes with its owner; only its id and name are recorded, never its hash. */
  async recordKeyRemoval(tx: EntityManager, key: ApiKeyEntity, cause: string, audit: AuditContext): Promise<void> {
    const before = { key_name: key.keyName, key_alias: key.keyAlias, user_id: key.userId, team_id: key.teamId, cause };
    await this.log.record(tx, { ...audit, action: 'key.delete', targetType: 'key', targetId: key.id, before });
  }

  async addMembership(tx: EntityManager, userId: string, spec: MembershipSpec, audit: AuditContext): Promise<void> {
    const row = { teamId: spec.teamId, userId, role: spec.role, createdAt: new Date() };
    await tx.query('INSERT INTO team_memberships (team_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)', [
      row.teamId,
      row.userId,
      row.role,
      row.createdAt,
    ]);
    const target = `${spec.teamId}/${userId}`;
    await this.log.record(tx, {
      ...audit,
      action: 'team.member_add',
      targetType: 'membership',
      targetId: target,
      after: row,
    });
  }

  /** The user rows with the ids of their teams, in the order given. */
  async withTeams(tx: EntityManager, users: UserEntity[]): Promise<UserRecord[]> {
    const rows = await tx.query<{ user_id: string; team_id: string }[]>(
      'SELECT user_id, team_id FROM team_memberships WHERE user_id = ANY($1) ORDER BY created_at, team_id',
      [users.map((user) => user.id)],
    );
    return users.map((user) => ({
      user,
      teamIds: rows.filter((row) => row.user_id === user.id).map((row) => row.team_id),
    }));
  }

  private async insertKey(tx: EntityManager, key: ApiKeyEntity, audit: AuditContext): Promise<void> {
    await insertRow(tx, ApiKeyEntity, key);
    const after = { key_name: key.keyName, key_alias: key.keyAlias, user_id: key.userId, team_id: key.teamId };
    await this.log.record(tx, { ...audit, action: 'key.generate', targetType: 'key', targetId: key.id, after });
  }

  private async lockUser(tx: EntityManager, selector: UserSelector): Promise<UserEntity | null> {
    const found = 'id' in selector ? { id: selector.id } : await findUserByEmail(tx, selector.email);
    if (!found) return null;
    return tx.getRepository(UserEntity).findOne({ where: { id: found.id }, lock: { mode: 'pessimistic_write' } });
  }

  private async keyCounts(userIds: string[]): Promise<Map<string, number>> {
    const rows = await this.db.query<{ user_id: string; n: number }[]>(
      'SELECT user_id, count(*)::int AS n FROM api_keys WHERE user_id = ANY($1) GROUP BY user_id',
      [userIds],
    );
    return new Map(rows.map((row) => [row.user_id, row.n]));
  }
}
