import { DynamicModule, Module } from '@nestjs/common';
import { EventBus } from '@gatehouse/events';
import { Logger } from '@gatehouse/logging';
import { CooldownSettings } from './config/cooldown-settings';
import { ROUTER_LOGGER } from './config/tokens';
import { UsageHealthConsumer } from './consumers/usage-health.consumer';
import { CooldownAnnouncer } from './repositories/cooldown-announcer';
import { CooldownPolicy } from './services/cooldown-policy';
import { RoutingStateService } from './services/routing-state.service';

/** The router's settings and the event bus its process opened (and closes). */
export interface RouterModuleOptions {
  cooldowns: CooldownSettings;
  events: EventBus;
  logger: Logger;
}

@Module({})
export class RouterModule {
  static forRoot(options: RouterModuleOptions): DynamicModule {
    return {
      module: RouterModule,
      providers: [
        { provide: EventBus, useValue: options.events },
        { provide: ROUTER_LOGGER, useValue: options.logger },
        { provide: CooldownPolicy, useValue: new CooldownPolicy(options.cooldowns) },
        { provide: CooldownAnnouncer, useValue: new CooldownAnnouncer(options.events) },
        RoutingStateService,
        UsageHealthConsumer,
      ],
    };
  }
}
