import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Topics } from '@gatehouse/contracts';
import { ValidatedConsumer } from '@gatehouse/kafka';
import { Logger } from '@gatehouse/logging';
import { Kafka } from 'kafkajs';
import { LEDGER_LOGGER, LedgerSettings } from '../config/ledger-settings';
import { LedgerService } from '../services/ledger.service';

const RETRY_MS = 5_000;

/** usage.v1 → ledger; offsets are committed only after the batch is in Postgres. */
@Injectable()
export class UsageConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: ValidatedConsumer<typeof Topics.UsageV1>;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

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

  /**
   * Kafka being down at start is waited out, not fatal: nothing is lost (events wait in Kafka and
   * in the publishers' queues) and a crash loop would only add noise.
   */
  onApplicationBootstrap(): void {
    void this.startWithRetry();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.consumer.stop();
  }

  private async startWithRetry(): Promise<void> {
    try {
      await this.consumer.start();
      this.logger.info('usage-ledger consuming');
    } catch (error) {
      if (this.stopped) return;
      this.logger.error({ err: error }, `cannot consume usage events; retrying in ${RETRY_MS / 1000} s`);
      await this.consumer.stop().catch(() => undefined);
      this.retry = setTimeout(() => void this.startWithRetry(), RETRY_MS);
    }
  }
}
