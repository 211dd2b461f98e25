import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { EventPublisher } from '@gatehouse/kafka';
import { Logger } from '@gatehouse/logging';
import { Kafka } from 'kafkajs';
import { CooldownSettings } from './config/cooldown-settings';
import { ROUTER_LOGGER, ROUTER_TOPIC_PREFIX } from './config/tokens';
import { UsageHealthConsumer } from './consumers/usage-health.consumer';
import { CooldownAnnouncer } from './repositories/cooldown-announcer';
import { CooldownPolicy } from './services/cooldown-policy';
import { RoutingStateService } from './services/routing-state.service';

export interface RouterModuleOptions {
  cooldowns: CooldownSettings;
  kafka: Kafka;
  publisher: EventPublisher;
  topicPrefix: string;
  logger: Logger;
}

@Module({})
export class RouterModule implements OnApplicationShutdown {
  constructor(@Inject(CooldownAnnouncer) private readonly announcer: CooldownAnnouncer) {}

  static forRoot(options: RouterModuleOptions): DynamicModule {
    return {
      module: RouterModule,
      providers: [
        { provide: Kafka, useValue: options.kafka },
        { provide: ROUTER_LOGGER, useValue: options.logger },
        { provide: ROUTER_TOPIC_PREFIX, useValue: options.topicPrefix },
        { provide: CooldownPolicy, useValue: new CooldownPolicy(options.cooldowns) },
        { provide: CooldownAnnouncer, useValue: new CooldownAnnouncer(options.publisher) },
        RoutingStateService,
        UsageHealthConsumer,
      ],
    };
  }

  /** Announcements still queued are sent before the process goes. */
  async onApplicationShutdown(): Promise<void> {
    await this.announcer.close();
  }
}
