import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AUTH_DATA_SOURCE } from '../config/data-source-options';
import { DataSource, EntityManager } from 'typeorm';

export type SpendScope = 'key' | 'user' | 'team';

/** Spend to add to one owner's budget window (`ref` is the key's, user's or team's id). */
export interface SpendCharge {
  scope: SpendScope;
  ref: string;
  microUsd: number;
  /** Computes the window start from the row's own anchor and duration. */
  windowStart: (anchor: Date, duration: string | null) => Date;
}

export interface WindowSpend {
  scope: SpendScope;
  id: string;
  budgetAnchor: Date;
  budgetDuration: string | null;
  spendWindowStart: Date;
  spendMicroUsd: number;
}

interface SpendRow {
  id: string;
  budget_anchor: Date;
  budget_duration: string | null;
  spend_window_start: Date;
  spend_micro_usd: string;
}

const TABLES: Record<SpendScope, { table: string; column: string }> = {
  key: { table: 'api_keys', column: 'id' },
  user: { table: 'users', column: 'id' },
  team: { table: 'teams', column: 'id' },
};

@Injectable()
export class SpendRepository {
  constructor(@InjectDataSource(AUTH_DATA_SOURCE) private readonly db: DataSource) {}

  /**
   * Applies the charges of the requests not applied before, in one transaction: a replayed usage
   * event finds its request id in `applied_usage` and changes nothing.
   */
  async apply(requestIds: string[], charges: (fresh: Set<string>) => SpendCharge[]): Promise<number> {
    return this.db.transaction(async (tx) => {
      const inserted = await tx.query<{ request_id: string }[]>(
        `INSERT INTO applied_usage (request_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING RETURNING request_id`,
        [requestIds],
      );
      const fresh = new Set(inserted.map((row) => row.request_id));
      for (const owned of byOwner(charges(fresh))) await this.chargeOwner(tx, owned);
      return fresh.size;
    });
  }

  /** Owners with a budget and spend in a window, to rebuild Redis counters from. */
  async budgetedSpend(): Promise<WindowSpend[]> {
    const rows: WindowSpend[] = [];
    for (const scope of ['key', 'user', 'team'] as const) {
      const found = await this.db.query<SpendRow[]>(
        `SELECT id, budget_anchor, budget_duration, spend_window_start, spend_micro_usd FROM ${TABLES[scope].table}
         WHERE max_budget_micro_usd IS NOT NULL AND spend_micro_usd > 0 AND spend_window_start IS NOT NULL`,
      );
      for (const row of found) {
        rows.push({
          scope,
          id: row.id,
          budgetAnchor: row.budget_anchor,
          budgetDuration: row.budget_duration,
          spendWindowStart: row.spend_window_start,
          spendMicroUsd: Number(row.spend_micro_usd),
        });
      }
    }
    return rows;
  }

  /**
   * One owner's charges of a batch: its row is locked and read once, and only the newest budget
   * window's sum is applied (an older window is spent over: the newer one restarts the spend), so a
   * batch costs two statements per owner, not per event.
   */
  private async chargeOwner(tx: EntityManager, charges: readonly SpendCharge[]): Promise<void> {
    const { scope, ref } = charges[0];
    const { table, column } = TABLES[scope];
    const rows = await tx.query<{ budget_anchor: Date; budget_duration: string | null }[]>(
      `SELECT budget_anchor, budget_duration FROM ${table} WHERE ${column} = $1 FOR UPDATE`,
      [ref],
    );
    if (rows.length === 0) return;
    let newest = Number.NEGATIVE_INFINITY;
    let microUsd = 0;
    for (const charge of charges) {
      const start = charge.windowStart(rows[0].budget_anchor, rows[0].budget_duration).getTime();
      if (start > newest) [newest, microUsd] = [start, 0];
      if (start === newest) microUsd += charge.microUsd;
    }
    // A charge in a newer window restarts the spend; one from the current window adds to it.
    await tx.query(
      `UPDATE ${table} SET
         spend_micro_usd = CASE WHEN spend_window_start = $2 THEN spend_micro_usd + $3 ELSE $3 END,
         spend_window_start = $2
       WHERE ${column} = $1 AND (spend_window_start IS NULL OR spend_window_start <= $2)`,
      [ref, new Date(newest), microUsd],
    );
  }
}

function byOwner(charges: readonly SpendCharge[]): SpendCharge[][] {
  const owners = new Map<string, SpendCharge[]>();
  for (const charge of charges) {
    const key = `${charge.scope}:${charge.ref}`;
    const list = owners.get(key) ?? owners.set(key, []).get(key)!;
    list.push(charge);
  }
  return [...owners.values()];
}
