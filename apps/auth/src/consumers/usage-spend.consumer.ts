import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Topics } from '@gatehouse/contracts';
import { ConsumerRun, consumeTopic } from '@gatehouse/kafka';
import { Logger } from '@gatehouse/logging';
import { Kafka } from 'kafkajs';
import { AUTH_LOGGER } from '../config/auth-settings';
import { AUTH_TOPIC_PREFIX } from '../config/tokens';
import { SpendService } from '../services/spend.service';

/** usage.v1 → budget-window spend in auth's tables; offsets are committed after Postgres has them. */
@Injectable()
export class UsageSpendConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private run: ConsumerRun | undefined;

  constructor(
    private readonly kafka: Kafka,
    @Inject(AUTH_TOPIC_PREFIX) private readonly topicPrefix: string,
    private readonly spend: SpendService,
    @Inject(AUTH_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.run = consumeTopic(this.kafka, {
      topic: Topics.UsageV1,
      groupId: 'auth-spend',
      topicPrefix: this.topicPrefix,
      handle: async (events) => {
        await this.spend.apply(events);
      },
      logger: this.logger,
      runningMessage: 'auth applying spend',
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.run?.stop();
  }
}
