import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Topics } from '@gatehouse/contracts';
import { ConsumerRun, consumeTopic } from '@gatehouse/kafka';
import { Logger } from '@gatehouse/logging';
import { Kafka } from 'kafkajs';
import { LEDGER_LOGGER, LedgerSettings } from '../config/ledger-settings';
import { LedgerService } from '../services/ledger.service';

/** usage.v1 → ledger; offsets are committed only after the batch is in Postgres. */
@Injectable()
export class UsageConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private run: ConsumerRun | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly settings: LedgerSettings,
    private readonly ledger: LedgerService,
    @Inject(LEDGER_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.run = consumeTopic(this.kafka, {
      topic: Topics.UsageV1,
      groupId: 'usage-ledger',
      topicPrefix: this.settings.topicPrefix,
      handle: async (events) => {
        const inserted = await this.ledger.apply(events);
        this.logger.debug({ received: events.length, inserted }, 'usage batch applied');
      },
      logger: this.logger,
      runningMessage: 'usage-ledger consuming',
    });
  }

  /** Resolves once the consumer has joined its group and reads events. */
  get running(): Promise<void> {
    return this.run?.running ?? Promise.reject(new Error('the consumer has not been started'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.run?.stop();
  }
}
