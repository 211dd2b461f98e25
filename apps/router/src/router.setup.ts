import { DynamicModule } from '@nestjs/common';
import { GatewayConfig } from '@gatehouse/config';
import { EventBus } from '@gatehouse/events';
import { Logger } from '@gatehouse/logging';
import { cooldownSettingsFrom } from './config/cooldown-settings';
import { RouterModule } from './router.module';

/** The router's module, for its own process or the standalone composition. */
export function routerModuleFrom(config: GatewayConfig, events: EventBus, logger: Logger): DynamicModule {
  return RouterModule.forRoot({ cooldowns: cooldownSettingsFrom(config), events, logger });
}
