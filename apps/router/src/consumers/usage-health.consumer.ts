import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Topics } from '@gatehouse/contracts';
import { ConsumerRun, consumeTopic } from '@gatehouse/kafka';
import { Logger } from '@gatehouse/logging';
import { Kafka } from 'kafkajs';
import { ROUTER_LOGGER, ROUTER_TOPIC_PREFIX } from '../config/tokens';
import { RoutingStateService } from '../services/routing-state.service';

/** usage.v1 → routing state, in the router's own consumer group. */
@Injectable()
export class UsageHealthConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private run: ConsumerRun | undefined;

  constructor(
    private readonly kafka: Kafka,
    @Inject(ROUTER_TOPIC_PREFIX) private readonly topicPrefix: string,
    private readonly state: RoutingStateService,
    @Inject(ROUTER_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.run = consumeTopic(this.kafka, {
      topic: Topics.UsageV1,
      groupId: 'router',
      topicPrefix: this.topicPrefix,
      handle: (events) => Promise.resolve(this.state.apply(events)),
      logger: this.logger,
      runningMessage: 'router following usage',
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
