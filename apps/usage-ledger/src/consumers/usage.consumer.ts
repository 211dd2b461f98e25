import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Topics } from '@gatehouse/contracts';
import { ConsumerRun, EventBus } from '@gatehouse/events';
import { Logger } from '@gatehouse/logging';
import { LEDGER_LOGGER } from '../config/tokens';
import { LedgerService } from '../services/ledger.service';

/** usage.v1 → ledger; positions are committed only after the batch is in the database. */
@Injectable()
export class UsageConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private run: ConsumerRun | undefined;

  constructor(
    private readonly events: EventBus,
    private readonly ledger: LedgerService,
    @Inject(LEDGER_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.run = this.events.consume({
      topic: Topics.UsageV1,
      groupId: 'usage-ledger',
      handle: async (events) => {
        const inserted = await this.ledger.apply(events);
        this.logger.debug({ received: events.length, inserted }, 'usage batch applied');
      },
      runningMessage: 'usage-ledger consuming',
    });
  }

  /** Resolves once the consumer reads events. */
  get running(): Promise<void> {
    return this.run?.running ?? Promise.reject(new Error('the consumer has not been started'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.run?.stop();
  }
}
