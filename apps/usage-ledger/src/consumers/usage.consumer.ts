import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Topics } from '@gatehouse/contracts';
import { ConsumerRun, consumeWithRetry, ValidatedConsumer } from '@gatehouse/kafka';
import { Logger } from '@gatehouse/logging';
import { Kafka } from 'kafkajs';
import { LEDGER_LOGGER, LedgerSettings } from '../config/ledger-settings';
import { LedgerService } from '../services/ledger.service';

/** usage.v1 → ledger; offsets are committed only after the batch is in Postgres. */
@Injectable()
export class UsageConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: ValidatedConsumer<typeof Topics.UsageV1>;
  private run: ConsumerRun | undefined;

  constructor(
    kafka: Kafka,
    settings: LedgerSettings,
    ledger: LedgerService,
    @Inject(LEDGER_LOGGER) private readonly logger: Logger,
  ) {
    this.consumer = new ValidatedConsumer(kafka, {
      topic: Topics.UsageV1,
      groupId: 'usage-ledger',
      topicPrefix: settings.topicPrefix,
      handle: async (events) => {
        const inserted = await ledger.apply(events);
        logger.debug({ received: events.length, inserted }, 'usage batch applied');
      },
      onInvalid: (problems) => logger.warn({ problems }, 'usage event failed validation; dead-lettered'),
    });
  }

  onApplicationBootstrap(): void {
    this.run = consumeWithRetry(this.consumer, this.logger, 'usage-ledger consuming');
  }

  /** Resolves once the consumer has joined its group and reads events. */
  get running(): Promise<void> {
    return this.run?.running ?? Promise.reject(new Error('the consumer has not been started'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.run?.stop();
  }
}
