import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AUTH_DATA_SOURCE } from '../config/data-source-options';
import { GatewayFailure } from '@gatehouse/errors';
import { KeyListSort } from '@gatehouse/governance';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, FindOptionsOrder, FindOptionsWhere, In, QueryFailedError, Raw } from 'typeorm';
import { AuditLogRepository } from './audit-log.repository';
import { ApiKeyEntity, GovernedColumns, newGovernedColumns, TeamEntity, UserEntity } from './entities';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who changed keys and why, for the audit rows written with the change. */
export interface KeyAudit {
  requestId: string;
  actor: string;
  action: string;
}

/** Columns an admin call may change; `governed` holds the budget, limit and model columns. */
export type KeyPatch = Partial<
  Pick<
    ApiKeyEntity,
    | 'keyHash'
    | 'keyName'
    | 'keyAlias'
    | 'userId'
    | 'teamId'
    | 'expiresAt'
    | 'blocked'
    | 'modelRpmLimit'
    | 'modelTpmLimit'
    | 'guardrails'
    | 'allowRequestGuardrails'
  >
> & { governed?: Partial<GovernedColumns> };

export interface KeyListFilter {
  page: number;
  size: number;
  userId?: string;
  teamId?: string;
  organizationId?: string;
  keyHash?: string;
  keyAlias?: string;
  sortBy?: KeyListSort;
  sortOrder: 'asc' | 'desc';
}

/** A key's row before and after a change. */
export interface KeyChange {
  before: ApiKeyEntity;
  after: ApiKeyEntity;
}

/** All key I/O. Every write commits together with its audit row. */
@Injectable()
export class KeysRepository {
  constructor(
    @InjectDataSource(AUTH_DATA_SOURCE) private readonly db: DataSource,
    private readonly audit: AuditLogRepository,
  ) {}

  findByHash(keyHash: string): Promise<ApiKeyEntity | null> {
    return this.db.getRepository(ApiKeyEntity).findOne({ where: { keyHash } });
  }

  /** Ids are uuids; anything else cannot name a key (and would make Postgres refuse the query). */
  async findById(id: string): Promise<ApiKeyEntity | null> {
    if (!UUID.test(id)) return null;
    return this.db.getRepository(ApiKeyEntity).findOne({ where: { id } });
  }

  findByHashes(keyHashes: string[]): Promise<ApiKeyEntity[]> {
    return this.db.getRepository(ApiKeyEntity).find({ where: { keyHash: In(keyHashes) } });
  }

  findByAliases(aliases: string[]): Promise<ApiKeyEntity[]> {
    return this.db.getRepository(ApiKeyEntity).find({ where: { keyAlias: In(aliases) } });
  }

  async list(filter: KeyListFilter): Promise<{ rows: ApiKeyEntity[]; total: number }> {
    const [rows, total] = await this.db.getRepository(ApiKeyEntity).findAndCount({
      where: listWhere(filter),
      order: listOrder(filter),
      skip: (filter.page - 1) * filter.size,
      take: filter.size,
    });
    return { rows, total };
  }

  /** The team's models (empty = all), or null when there is no such team. */
  async teamModels(teamId: string): Promise<string[] | null> {
    const team = await this.db.getRepository(TeamEntity).findOne({ where: { id: teamId } });
    return team ? team.governed.models : null;
  }

  userExists(userId: string): Promise<boolean> {
    return this.db.getRepository(UserEntity).exists({ where: { id: userId } });
  }

  async insert(key: ApiKeyEntity, audit: KeyAudit): Promise<ApiKeyEntity> {
    await this.write(async (tx) => {
      // save(), not insert(): insert's deep-partial type refuses the jsonb Record columns.
      await tx.getRepository(ApiKeyEntity).save(key);
      await this.audit.record(tx, { ...auditOf(audit, key), after: auditView(key) });
    });
    return key;
  }

  /** Applies `patch` to the row as it is under a lock, so the audit's `before` is what was replaced. */
  async update(id: string, patch: KeyPatch, audit: KeyAudit): Promise<KeyChange> {
    return this.write(async (tx) => {
      const keys = tx.getRepository(ApiKeyEntity);
      const row = await keys.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw keyNotFound();
      const before: ApiKeyEntity = { ...row, governed: { ...row.governed } };
      const { governed, ...columns } = patch;
      Object.assign(row, columns);
      Object.assign(row.governed, governed, { updatedAt: new Date() });
      await keys.save(row);
      await this.audit.record(tx, { ...auditOf(audit, row), before: auditView(before), after: auditView(row) });
      return { before, after: row };
    });
  }

  /** Deletes the keys that still exist among `ids`; returns them. */
  async delete(ids: string[], audit: KeyAudit): Promise<ApiKeyEntity[]> {
    return this.write(async (tx) => {
      const keys = tx.getRepository(ApiKeyEntity);
      const rows = await keys.find({ where: { id: In(ids) }, lock: { mode: 'pessimistic_write' } });
      if (rows.length > 0) await keys.delete({ id: In(rows.map((row) => row.id)) });
      for (const row of rows) await this.audit.record(tx, { ...auditOf(audit, row), before: auditView(row) });
      return rows;
    });
  }

  private async write<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(work);
    } catch (error) {
      throw constraintFailure(error) ?? error;
    }
  }
}

/**
 * What the audit log keeps of a key: who owns it and what governs it. Never the key, and not its
 * hash either (a weak custom key's hash could be reversed by guessing); `key_name` identifies it.
 */
export function auditView(key: ApiKeyEntity): Record<string, unknown> {
  const { governed } = key;
  return {
    key_name: key.keyName,
    key_alias: key.keyAlias,
    user_id: key.userId,
    team_id: key.teamId,
    expires_at: key.expiresAt?.toISOString() ?? null,
    blocked: key.blocked,
    models: governed.models,
    max_budget_micro_usd: governed.maxBudgetMicroUsd,
    budget_duration: governed.budgetDuration,
    budget_anchor: governed.budgetAnchor.toISOString(),
    rpm_limit: governed.rpmLimit,
    tpm_limit: governed.tpmLimit,
    max_parallel_requests: governed.maxParallelRequests,
    model_rpm_limit: key.modelRpmLimit,
    model_tpm_limit: key.modelTpmLimit,
    guardrails: key.guardrails,
    allow_request_guardrails: key.allowRequestGuardrails,
    metadata: governed.metadata,
  };
}

/** A key row with the migrations' defaults: no owner, budget, limits, expiry or guardrails, and every model. */
export function newKeyRow(
  { keyHash, keyName, createdBy }: Pick<ApiKeyEntity, 'keyHash' | 'keyName' | 'createdBy'>,
  now: Date,
): ApiKeyEntity {
  return {
    id: randomUUID(),
    keyHash,
    keyName,
    keyAlias: null,
    userId: null,
    teamId: null,
    expiresAt: null,
    blocked: false,
    modelRpmLimit: {},
    modelTpmLimit: {},
    guardrails: [],
    allowRequestGuardrails: false,
    createdBy,
    governed: newGovernedColumns(now),
  };
}

export function keyNotFound(): GatewayFailure {
  return new GatewayFailure('not_found', 'key not found', { param: 'key', code: 'not_found' });
}

function auditOf(audit: KeyAudit, key: ApiKeyEntity) {
  return { ...audit, targetType: 'key' as const, targetId: key.id };
}

function listWhere(filter: KeyListFilter): FindOptionsWhere<ApiKeyEntity> {
  const where: FindOptionsWhere<ApiKeyEntity> = {};
  if (filter.userId !== undefined) where.userId = filter.userId;
  if (filter.keyHash !== undefined) where.keyHash = filter.keyHash.toLowerCase();
  if (filter.keyAlias !== undefined) where.keyAlias = filter.keyAlias;
  if (filter.organizationId !== undefined) {
    // A key belongs to the organization of its team.
    const { teamId, organizationId } = filter;
    where.teamId = Raw(
      (column) =>
        `${column} IN (SELECT id FROM teams WHERE organization_id = :organizationId)` +
        (teamId === undefined ? '' : ` AND ${column} = :teamId`),
      { organizationId, teamId },
    );
  } else if (filter.teamId !== undefined) {
    where.teamId = filter.teamId;
  }
  return where;
}

function listOrder(filter: KeyListFilter): FindOptionsOrder<ApiKeyEntity> {
  const direction = filter.sortOrder === 'asc' ? 'ASC' : 'DESC';
  // The id breaks ties, so pages neither repeat nor skip keys created in the same instant.
  switch (filter.sortBy) {
    case 'spend':
      return { governed: { spendMicroUsd: direction }, id: direction };
    case 'max_budget':
      return { governed: { maxBudgetMicroUsd: direction }, id: direction };
    case 'updated_at':
      return { governed: { updatedAt: direction }, id: direction };
    case 'token':
      return { keyHash: direction };
    case 'key_alias':
      return { keyAlias: direction, id: direction };
    case 'created_at':
    case undefined:
      return { governed: { createdAt: direction }, id: direction };
  }
}

const CONSTRAINT_PARAMS: Record<string, { param: string; message: string }> = {
  api_keys_key_alias_key: { param: 'key_alias', message: 'key_alias: another key already has this alias' },
  api_keys_key_hash_key: { param: 'key', message: 'key: a key with this value already exists' },
  api_keys_user_id_fkey: { param: 'user_id', message: 'user_id: no such user' },
  api_keys_team_id_fkey: { param: 'team_id', message: 'team_id: no such team' },
};

/** Unique and foreign-key violations become 400s naming the field; a race past the checks lands here. */
function constraintFailure(error: unknown): GatewayFailure | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driverError: unknown = error.driverError;
  if (typeof driverError !== 'object' || driverError === null || !('constraint' in driverError)) return undefined;
  const known = typeof driverError.constraint === 'string' ? CONSTRAINT_PARAMS[driverError.constraint] : undefined;
  return known && new GatewayFailure('bad_request', known.message, { param: known.param });
}
