import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LEDGER_DATA_SOURCE } from '../config/data-source-options';

/**
 * One ledger row as the archive holds it: the `spend_events` columns under their own names, ids and
 * money as decimal strings (a bigint does not fit a JSON number), `occurred_at` in UTC to the
 * microsecond. A change of shape is a new stream, not an edit of this one.
 */
export interface SpendEventArchiveRowV1 {
  id: string;
  request_id: string;
  event_id: string;
  occurred_at: string;
  principal_kind: string;
  principal_subject: string;
  key_alias: string | null;
  user_id: string | null;
  team_id: string | null;
  org_id: string | null;
  route: string;
  model: string;
  deployment_id: string | null;
  provider: string | null;
  provider_model: string | null;
  stream: boolean;
  status: string;
  http_status: number;
  error_kind: string | null;
  attempts: number;
  cache_hit: boolean;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cached_prompt_tokens: number;
  reasoning_tokens: number;
  cost_micro_usd: string;
  latency_ms: number;
  time_to_first_token_ms: number | null;
}

/** Columns in table order (the order of the JSON fields), cast where the driver's own type would lose bits. */
const SELECTED: Record<keyof SpendEventArchiveRowV1, string | null> = {
  id: 'id::text',
  request_id: null,
  event_id: 'event_id::text',
  occurred_at: `to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  principal_kind: null,
  principal_subject: null,
  key_alias: null,
  user_id: null,
  team_id: null,
  org_id: null,
  route: null,
  model: null,
  deployment_id: null,
  provider: null,
  provider_model: null,
  stream: null,
  status: null,
  http_status: null,
  error_kind: null,
  attempts: null,
  cache_hit: null,
  prompt_tokens: null,
  completion_tokens: null,
  total_tokens: null,
  cached_prompt_tokens: null,
  reasoning_tokens: null,
  cost_micro_usd: 'cost_micro_usd::text',
  latency_ms: null,
  time_to_first_token_ms: null,
};
const COLUMNS = Object.entries(SELECTED)
  .map(([name, expression]) => (expression ? `${expression} AS ${name}` : name))
  .join(', ');
const ROWS_THROUGH = `SELECT ${COLUMNS} FROM spend_events WHERE id > $1 AND id <= $2 ORDER BY id`;
const BATCH_END = `SELECT max(id)::text AS end_id
  FROM (SELECT id FROM spend_events WHERE id > $1 ORDER BY id LIMIT $2) batch`;
const LOCK_TIMEOUT = '5s';

/** Reads `spend_events` for the archive; its rows never change once inserted. */
@Injectable()
export class SpendEventArchiveRepository {
  constructor(@InjectDataSource(LEDGER_DATA_SOURCE) private readonly db: DataSource) {}

  /**
   * The id ending the next batch of at most `maxRows` rows after `afterId`, or undefined when there
   * are none. Ids are handed out before their rows commit, so a visible id 11 does not mean id 10
   * is not on its way. The SHARE lock waits out every insert in flight (and holds new ones for the
   * moment it takes), so no row at or below the id returned can appear later.
   */
  async settledBatchEnd(afterId: string, maxRows: number): Promise<string | undefined> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
      await tx.query('LOCK TABLE spend_events IN SHARE MODE');
      const [row] = await tx.query<{ end_id: string | null }[]>(BATCH_END, [afterId, maxRows]);
      return row?.end_id ?? undefined;
    });
  }

  /** The rows with ids in (afterId, throughId], in id order. */
  rowsThrough(afterId: string, throughId: string): Promise<SpendEventArchiveRowV1[]> {
    return this.db.query<SpendEventArchiveRowV1[]>(ROWS_THROUGH, [afterId, throughId]);
  }
}
