import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ControlFollower, followControlEvents } from '@gatehouse/kafka';
import { Logger } from '@gatehouse/logging';
import { Kafka } from 'kafkajs';
import { AUTH_LOGGER } from '../config/auth-settings';
import { AUTH_TOPIC_PREFIX } from '../config/tokens';
import { KeyLookupService } from '../services/credentials/key-lookup.service';

/**
 * A key changed through any auth replica must not be served from this replica's outage memory:
 * a revoked key would otherwise come back while Postgres is unreachable.
 */
@Injectable()
export class ControlConsumer implements OnModuleInit, OnApplicationShutdown {
  private follower: ControlFollower | undefined;

  constructor(
    private readonly kafka: Kafka,
    @Inject(AUTH_TOPIC_PREFIX) private readonly topicPrefix: string,
    private readonly keys: KeyLookupService,
    @Inject(AUTH_LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    this.follower = followControlEvents(this.kafka, {
      service: 'auth',
      topicPrefix: this.topicPrefix,
      logger: this.logger,
      handle: (event) => {
        if (event.type === 'key.revoked' || event.type === 'key.blocked' || event.type === 'key.updated')
          this.keys.forget(event.key_hash);
      },
    });
    await this.follower.ready;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower?.stop();
  }
}
