import { Injectable } from '@nestjs/common';
import { GatewayFailure } from '@gatehouse/errors';
import {
  AdminOperation,
  budgetView,
  checkGuardrailNames,
  dollarsToMicroUsd,
  keyBlockSchema,
  keyDeleteSchema,
  keyGenerateSchema,
  keyInfoQuerySchema,
  keyListQuerySchema,
  keyRegenerateSchema,
  KeySettings,
  keyUpdateSchema,
  parseBody,
  parseBudgetDuration,
} from '@gatehouse/governance';
import { createHash, randomBytes } from 'node:crypto';
import { AuthSettings } from '../../config/auth-settings';
import { ControlEventsRepository } from '../../repositories/control-events.repository';
import { ApiKeyEntity, budgetStateOf, GovernedColumns } from '../../repositories/entities';
import { KeyAudit, keyNotFound, KeyPatch, KeysRepository, newKeyRow } from '../../repositories/keys.repository';
import { actorOf, AdminCall, AdminHandler, AdminHandlerSet } from './admin-handler';

/** LiteLLM's UI puts this in a team key's models to mean "whatever the team allows", i.e. no key restriction. */
const ALL_TEAM_MODELS = 'all-team-models';
/** Model lists holding one of these restrict nothing (as the credential check reads them). */
const ALL_MODELS = ['*', 'all-proxy-models'];
/** 32 random bytes: 43 base64url characters after `sk-`. */
const SECRET_BYTES = 32;

/** LiteLLM's /key/* management routes: virtual keys stored as SHA-256 hashes, shown once. */
@Injectable()
export class KeysAdminService implements AdminHandlerSet {
  constructor(
    private readonly keys: KeysRepository,
    private readonly events: ControlEventsRepository,
    private readonly settings: AuthSettings,
  ) {}

  handlers(): Partial<Record<AdminOperation, AdminHandler>> {
    return {
      'key.generate': (call) => this.generate(call),
      'key.update': (call) => this.update(call),
      'key.delete': (call) => this.delete(call),
      'key.info': (call) => this.info(call),
      'key.list': (call) => this.list(call),
      'key.regenerate': (call) => this.regenerate(call),
      'key.block': (call) => this.setBlocked(call, true),
      'key.unblock': (call) => this.setBlocked(call, false),
    };
  }

  private async generate(call: AdminCall): Promise<unknown> {
    const body = parseBody(keyGenerateSchema, call.body);
    const now = new Date();
    const secret = body.key ?? newSecret();
    const patch = await this.patchFor(body, undefined, now);
    const key = await this.keys.insert(
      withPatch(newKeyRow({ ...secretColumns(secret), createdBy: actorOf(call.caller) }, now), patch),
      audit(call, 'key.generate'),
    );
    return { key: secret, ...keyView(key, now.getTime()), token_id: key.keyHash };
  }

  private async update(call: AdminCall): Promise<unknown> {
    const body = parseBody(keyUpdateSchema, call.body);
    const current = await this.find(body.key);
    const now = new Date();
    const patch = await this.patchFor(body, current, now);
    const { after } = await this.keys.update(current.id, patch, audit(call, 'key.update'));
    this.events.keyChanged('key.updated', after.keyHash, call.requestId);
    return { key: after.keyHash, ...keyView(after, now.getTime()) };
  }

  /** A new secret for an existing key: the old one stops working everywhere at once. */
  private async regenerate(call: AdminCall): Promise<unknown> {
    const body = parseBody(keyRegenerateSchema, call.body);
    const current = await this.find(body.key);
    const now = new Date();
    const secret = body.new_key ?? newSecret();
    const patch: KeyPatch = { ...(await this.patchFor(body, current, now)), ...secretColumns(secret) };
    const { before, after } = await this.keys.update(current.id, patch, audit(call, 'key.regenerate'));
    this.events.keyChanged('key.revoked', before.keyHash, call.requestId);
    return { key: secret, ...keyView(after, now.getTime()), token_id: after.keyHash };
  }

  private async setBlocked(call: AdminCall, blocked: boolean): Promise<unknown> {
    const body = parseBody(keyBlockSchema, call.body);
    const current = await this.find(body.key);
    const { after } = await this.keys.update(
      current.id,
      { blocked },
      audit(call, blocked ? 'key.block' : 'key.unblock'),
    );
    this.events.keyChanged(blocked ? 'key.blocked' : 'key.updated', after.keyHash, call.requestId);
    return keyView(after, Date.now());
  }

  /** All named keys go in one transaction, or none when one of them does not exist. */
  private async delete(call: AdminCall): Promise<unknown> {
    const body = parseBody(keyDeleteSchema, call.body);
    const hashes = (body.keys ?? []).map(tokenOf);
    const aliases = body.key_aliases ?? [];
    const [byHash, byAlias] = await Promise.all([
      hashes.length > 0 ? this.keys.findByHashes(hashes) : [],
      aliases.length > 0 ? this.keys.findByAliases(aliases) : [],
    ]);
    const missingKeys = hashes.filter((hash) => !byHash.some((key) => key.keyHash === hash)).length;
    const missingAliases = aliases.filter((alias) => !byAlias.some((key) => key.keyAlias === alias));
    if (missingKeys > 0 || missingAliases.length > 0) {
      // Never echo a key in an error: count the missing ones, name only aliases.
      const parts = [missingKeys > 0 ? `${missingKeys} of keys` : '', missingAliases.map((a) => `'${a}'`).join(', ')];
      throw new GatewayFailure('not_found', `keys not found: ${parts.filter(Boolean).join('; ')}`, {
        param: missingKeys > 0 ? 'keys' : 'key_aliases',
        code: 'not_found',
      });
    }
    const ids = [...new Set([...byHash, ...byAlias].map((key) => key.id))];
    const deleted = await this.keys.delete(ids, audit(call, 'key.delete'));
    for (const key of deleted) this.events.keyChanged('key.revoked', key.keyHash, call.requestId);
    return { deleted_keys: [...(body.keys ?? []), ...aliases] };
  }

  /** Admins may read any key; anyone else only the key they call with (the default without `key`). */
  private async info({ body, caller }: AdminCall): Promise<unknown> {
    const query = parseBody(keyInfoQuerySchema, body);
    if (!query.key && !caller.keyId) {
      throw new GatewayFailure('bad_request', 'key: required unless the caller is a virtual key', { param: 'key' });
    }
    const key = query.key ? await this.keys.findByHash(tokenOf(query.key)) : await this.keys.findById(caller.keyId);
    // A non-admin learns nothing about other keys, not even whether they exist.
    if (!caller.admin && caller.kind !== 'master' && key?.id !== caller.keyId) {
      throw new GatewayFailure('permission_denied', 'only the key itself or an admin may read its info', {
        param: 'key',
      });
    }
    if (!key) throw keyNotFound();
    return { key: key.keyHash, info: keyView(key, Date.now()) };
  }

  private async list({ body }: AdminCall): Promise<unknown> {
    const query = parseBody(keyListQuerySchema, body);
    const { rows, total } = await this.keys.list({
      page: query.page,
      size: query.size,
      userId: query.user_id,
      teamId: query.team_id,
      organizationId: query.organization_id,
      keyHash: query.key_hash,
      keyAlias: query.key_alias,
      sortBy: query.sort_by,
      sortOrder: query.sort_order,
    });
    const nowMs = Date.now();
    return {
      keys: query.return_full_object ? rows.map((key) => keyView(key, nowMs)) : rows.map((key) => key.keyHash),
      total_count: total,
      current_page: query.page,
      total_pages: Math.ceil(total / query.size),
    };
  }

  private async find(ref: string): Promise<ApiKeyEntity> {
    const key = await this.keys.findByHash(tokenOf(ref));
    if (!key) throw keyNotFound();
    return key;
  }

  /** The columns a payload sets, validated against the key's (new or current) user and team. */
  private async patchFor(settings: KeySettings, current: ApiKeyEntity | undefined, now: Date): Promise<KeyPatch> {
    checkGuardrailNames(settings.guardrails, this.settings.guardrailNames);
    const patch = columnsPatch(settings, now);
    const governed = governedPatch(settings, current, now);
    const teamId = patch.teamId !== undefined ? patch.teamId : (current?.teamId ?? null);
    if (settings.models) governed.models = withoutAllTeamModels(settings.models, teamId);
    if (patch.userId && !(await this.keys.userExists(patch.userId))) {
      throw invalid('user_id', `no such user '${patch.userId}'`);
    }
    if (teamId && (patch.teamId !== undefined || governed.models !== undefined)) {
      await this.checkTeamModels(teamId, governed.models ?? current?.governed.models ?? []);
    }
    return { ...patch, governed };
  }

  /** A team that lists models limits its keys to them; a key may narrow that list, never widen it. */
  private async checkTeamModels(teamId: string, models: string[]): Promise<void> {
    const teamModels = await this.keys.teamModels(teamId);
    if (teamModels === null) throw invalid('team_id', `no such team '${teamId}'`);
    if (teamModels.length === 0 || teamModels.some((model) => ALL_MODELS.includes(model))) return;
    const outside = models.filter((model) => !teamModels.includes(model));
    if (outside.length > 0) {
      throw invalid(
        'models',
        `${outside.join(', ')} not allowed by team '${teamId}' (it allows ${teamModels.join(', ')})`,
      );
    }
  }
}

/**
 * Null clears a field, as in LiteLLM, except `duration` (LiteLLM ignores a null one, and dropping an
 * expiry would widen access), `models` (an empty list means every model), `metadata`, `tags`, `blocked`
 * and `guardrails` (only `[]` removes them).
 */
function columnsPatch(settings: KeySettings, now: Date): KeyPatch {
  const patch: KeyPatch = {};
  if (settings.key_alias !== undefined) patch.keyAlias = settings.key_alias;
  if (settings.duration) patch.expiresAt = new Date(now.getTime() + seconds(settings.duration) * 1000);
  if (settings.user_id !== undefined) patch.userId = settings.user_id;
  if (settings.team_id !== undefined) patch.teamId = settings.team_id;
  if (typeof settings.blocked === 'boolean') patch.blocked = settings.blocked;
  if (settings.model_rpm_limit !== undefined) patch.modelRpmLimit = settings.model_rpm_limit ?? {};
  if (settings.model_tpm_limit !== undefined) patch.modelTpmLimit = settings.model_tpm_limit ?? {};
  if (settings.guardrails) patch.guardrails = settings.guardrails;
  if (settings.allow_request_guardrails !== undefined)
    patch.allowRequestGuardrails = settings.allow_request_guardrails ?? false;
  return patch;
}

function governedPatch(settings: KeySettings, current: ApiKeyEntity | undefined, now: Date): Partial<GovernedColumns> {
  const governed: Partial<GovernedColumns> = {};
  const { max_budget: maxBudget, budget_duration: budgetDuration, metadata, tags } = settings;
  if (maxBudget !== undefined) governed.maxBudgetMicroUsd = maxBudget === null ? null : dollarsToMicroUsd(maxBudget);
  // A new window length starts a new, empty window now; restating the current one changes nothing.
  if (budgetDuration !== undefined && budgetDuration !== (current?.governed.budgetDuration ?? null)) {
    Object.assign(governed, { budgetDuration, budgetAnchor: now, spendMicroUsd: 0, spendWindowStart: null });
  }
  if (settings.rpm_limit !== undefined) governed.rpmLimit = settings.rpm_limit;
  if (settings.tpm_limit !== undefined) governed.tpmLimit = settings.tpm_limit;
  if (settings.max_parallel_requests !== undefined) governed.maxParallelRequests = settings.max_parallel_requests;
  // LiteLLM keeps a key's tags in its metadata.
  if (metadata || tags) {
    const base = metadata ?? current?.governed.metadata ?? {};
    governed.metadata = tags ? { ...base, tags } : base;
  }
  return governed;
}

function withoutAllTeamModels(models: string[], teamId: string | null): string[] {
  if (!models.includes(ALL_TEAM_MODELS)) return models;
  if (!teamId) throw invalid('models', `${ALL_TEAM_MODELS} needs a team_id`);
  return models.filter((model) => model !== ALL_TEAM_MODELS);
}

/** A key as LiteLLM describes it, money in dollars; `spend` is that of the current budget window. */
function keyView(key: ApiKeyEntity, nowMs: number) {
  const { governed } = key;
  return {
    token: key.keyHash,
    key_name: key.keyName,
    key_alias: key.keyAlias,
    user_id: key.userId,
    team_id: key.teamId,
    models: governed.models,
    ...budgetView(budgetStateOf(governed), nowMs),
    expires: key.expiresAt?.toISOString() ?? null,
    tpm_limit: governed.tpmLimit,
    rpm_limit: governed.rpmLimit,
    max_parallel_requests: governed.maxParallelRequests,
    model_rpm_limit: key.modelRpmLimit,
    model_tpm_limit: key.modelTpmLimit,
    guardrails: key.guardrails,
    allow_request_guardrails: key.allowRequestGuardrails,
    metadata: governed.metadata,
    blocked: key.blocked,
    created_by: key.createdBy,
    created_at: governed.createdAt.toISOString(),
    updated_at: governed.updatedAt.toISOString(),
  };
}

function withPatch(key: ApiKeyEntity, { governed, ...columns }: KeyPatch): ApiKeyEntity {
  return { ...key, ...columns, governed: { ...key.governed, ...governed } };
}

function newSecret(): string {
  return `sk-${randomBytes(SECRET_BYTES).toString('base64url')}`;
}

/** Only the hash is stored; `key_name` keeps the last four characters so people can tell keys apart. */
function secretColumns(secret: string): { keyHash: string; keyName: string } {
  return { keyHash: sha256Hex(secret), keyName: `sk-...${secret.slice(-4)}` };
}

/** A key (`sk-…`) or its token (the hash, as LiteLLM lists it) to the stored hash. */
function tokenOf(ref: string): string {
  return ref.startsWith('sk-') ? sha256Hex(ref) : ref.toLowerCase();
}

function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Durations were validated by the schema; 0 cannot occur but keeps the type total. */
function seconds(duration: string): number {
  return parseBudgetDuration(duration) ?? 0;
}

function audit(call: AdminCall, action: string): KeyAudit {
  return { requestId: call.requestId, actor: actorOf(call.caller), action };
}

function invalid(param: string, message: string): GatewayFailure {
  return new GatewayFailure('bad_request', `${param}: ${message}`, { param });
}
