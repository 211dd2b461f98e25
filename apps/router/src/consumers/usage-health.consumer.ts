import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Topics } from '@gatehouse/contracts';
import { ConsumerRun, consumeWithRetry, ValidatedConsumer } from '@gatehouse/kafka';
import { Logger } from '@gatehouse/logging';
import { Kafka } from 'kafkajs';
import { ROUTER_LOGGER, ROUTER_TOPIC_PREFIX } from '../config/tokens';
import { RoutingStateService } from '../services/routing-state.service';

/** usage.v1 → routing state, in the router's own consumer group. */
@Injectable()
export class UsageHealthConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: ValidatedConsumer<typeof Topics.UsageV1>;
  private run: ConsumerRun | undefined;

  constructor(
    kafka: Kafka,
    @Inject(ROUTER_TOPIC_PREFIX) topicPrefix: string,
    state: RoutingStateService,
    @Inject(ROUTER_LOGGER) private readonly logger: Logger,
  ) {
    this.consumer = new ValidatedConsumer(kafka, {
      topic: Topics.UsageV1,
      groupId: 'router',
      topicPrefix,
      handle: (events) => Promise.resolve(state.apply(events)),
      onInvalid: (problems) => logger.warn({ problems }, 'usage event failed validation; dead-lettered'),
    });
  }

  onApplicationBootstrap(): void {
    this.run = consumeWithRetry(this.consumer, this.logger, 'router following usage');
  }

  /** Resolves once the consumer has joined its group and reads events. */
  get running(): Promise<void> {
    return this.run?.running ?? Promise.reject(new Error('the consumer has not been started'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.run?.stop();
  }
}
