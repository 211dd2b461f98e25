import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LEDGER_DATA_SOURCE } from '../config/data-source-options';
import { DataSource } from 'typeorm';
import { SpendEventEntity } from './spend-event.entity';

type Row = Omit<SpendEventEntity, 'id'>;

/** Each column with its Postgres type and the row field it comes from. */
const COLUMNS: readonly (readonly [string, string, keyof Row])[] = [
  ['request_id', 'text', 'requestId'],
  ['event_id', 'uuid', 'eventId'],
  ['occurred_at', 'timestamptz', 'occurredAt'],
  ['principal_kind', 'text', 'principalKind'],
  ['principal_subject', 'text', 'principalSubject'],
  ['key_alias', 'text', 'keyAlias'],
  ['user_id', 'text', 'userId'],
  ['team_id', 'text', 'teamId'],
  ['org_id', 'text', 'orgId'],
  ['route', 'text', 'route'],
  ['model', 'text', 'model'],
  ['deployment_id', 'text', 'deploymentId'],
  ['provider', 'text', 'provider'],
  ['provider_model', 'text', 'providerModel'],
  ['stream', 'boolean', 'stream'],
  ['status', 'text', 'status'],
  ['http_status', 'integer', 'httpStatus'],
  ['error_kind', 'text', 'errorKind'],
  ['attempts', 'integer', 'attempts'],
  ['cache_hit', 'boolean', 'cacheHit'],
  ['prompt_tokens', 'integer', 'promptTokens'],
  ['completion_tokens', 'integer', 'completionTokens'],
  ['total_tokens', 'integer', 'totalTokens'],
  ['cached_prompt_tokens', 'integer', 'cachedPromptTokens'],
  ['reasoning_tokens', 'integer', 'reasoningTokens'],
  ['cost_micro_usd', 'bigint', 'costMicroUsd'],
  ['latency_ms', 'double precision', 'latencyMs'],
  ['time_to_first_token_ms', 'double precision', 'timeToFirstTokenMs'],
];

/**
 * One array parameter per column, zipped by unnest: the statement and its parameter count are the
 * same for a batch of one or of thousands, and no query builder runs per row.
 */
const INSERT_NEW = `INSERT INTO spend_events (${COLUMNS.map(([column]) => column).join(', ')})
  SELECT * FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})
  ON CONFLICT (request_id) DO NOTHING RETURNING id`;

@Injectable()
export class SpendEventsRepository {
  constructor(@InjectDataSource(LEDGER_DATA_SOURCE) private readonly db: DataSource) {}

  /** Inserts a batch in one statement; rows whose request_id is already stored are skipped. */
  async insertNew(rows: readonly Row[]): Promise<number> {
    if (rows.length === 0) return 0;
    const inserted: unknown[] = await this.db.query(
      INSERT_NEW,
      COLUMNS.map(([, , field]) => rows.map((row) => row[field])),
    );
    return inserted.length;
  }
}
