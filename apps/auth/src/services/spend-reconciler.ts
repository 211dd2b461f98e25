import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LimitsStore, parseBudgetDuration, windowStartMs } from '@gatehouse/governance';
import { Logger } from '@gatehouse/logging';
import { DatabaseConnector } from '@gatehouse/runtime';
import { AUTH_LOGGER } from '../config/auth-settings';
import { SpendRepository } from '../repositories/spend.repository';

const EVERY_MS = 60_000;

/**
 * Rebuilds the limits store's spend counters from Postgres at start and then every minute. A counter is only
 * ever raised to the durable figure, never lowered: the store also holds spend settled moments ago that
 * has not reached Postgres through Kafka yet.
 */
@Injectable()
export class SpendReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repository: SpendRepository,
    private readonly store: LimitsStore,
    private readonly database: DatabaseConnector,
    @Inject(AUTH_LOGGER) private readonly logger: Logger,
  ) {}

  /** The first rebuild waits for the database, which may still be connecting. */
  onApplicationBootstrap(): void {
    void this.database.connected.then(() => this.reconcile());
    this.timer = setInterval(() => void this.reconcile(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async reconcile(nowMs = Date.now()): Promise<number> {
    try {
      const entries = (await this.repository.budgetedSpend()).flatMap((row) => {
        const durationSeconds = row.budgetDuration ? (parseBudgetDuration(row.budgetDuration) ?? 0) : 0;
        const current = windowStartMs(row.budgetAnchor.getTime(), durationSeconds, nowMs);
        if (row.spendWindowStart.getTime() !== current) return [];
        return [{ kind: row.scope, id: row.id, windowStartMs: current, durationSeconds, microUsd: row.spendMicroUsd }];
      });
      await this.store.raiseSpend(entries);
      return entries.length;
    } catch (error) {
      this.logger.warn({ err: error }, 'could not rebuild budget counters; retrying in a minute');
      return 0;
    }
  }
}
