import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Topics } from '@gatehouse/contracts';
import { ConsumerRun, consumeWithRetry, ValidatedConsumer } from '@gatehouse/kafka';
import { Logger } from '@gatehouse/logging';
import { Kafka } from 'kafkajs';
import { AUTH_LOGGER } from '../config/auth-settings';
import { AUTH_TOPIC_PREFIX } from '../config/tokens';
import { SpendService } from '../services/spend.service';

/** usage.v1 → budget-window spend in auth's tables; offsets are committed after Postgres has them. */
@Injectable()
export class UsageSpendConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: ValidatedConsumer<typeof Topics.UsageV1>;
  private run: ConsumerRun | undefined;

  constructor(
    kafka: Kafka,
    @Inject(AUTH_TOPIC_PREFIX) topicPrefix: string,
    spend: SpendService,
    @Inject(AUTH_LOGGER) private readonly logger: Logger,
  ) {
    this.consumer = new ValidatedConsumer(kafka, {
      topic: Topics.UsageV1,
      groupId: 'auth-spend',
      topicPrefix,
      handle: async (events) => {
        await spend.apply(events);
      },
      onInvalid: (problems) => logger.warn({ problems }, 'usage event failed validation; dead-lettered'),
    });
  }

  onApplicationBootstrap(): void {
    this.run = consumeWithRetry(this.consumer, this.logger, 'auth applying spend');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.run?.stop();
  }
}
