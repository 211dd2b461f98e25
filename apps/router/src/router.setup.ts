import { DynamicModule } from '@nestjs/common';
import { GatewayConfig, RouterEnv } from '@gatehouse/config';
import { createKafka, EventPublisher } from '@gatehouse/kafka';
import { Logger } from '@gatehouse/logging';
import { cooldownSettingsFrom } from './config/cooldown-settings';
import { RouterModule } from './router.module';

/** The router's module, for its own process or the standalone composition. */
export async function routerModuleFrom(env: RouterEnv, config: GatewayConfig, logger: Logger): Promise<DynamicModule> {
  const kafka = createKafka({ brokers: env.KAFKA_BROKERS, clientId: 'router', topicPrefix: env.KAFKA_TOPIC_PREFIX });
  const publisher = await EventPublisher.open(
    kafka,
    { topicPrefix: env.KAFKA_TOPIC_PREFIX, maxQueued: 10_000, lingerMs: 0 },
    logger,
  );
  return RouterModule.forRoot({
    cooldowns: cooldownSettingsFrom(config),
    kafka,
    publisher,
    topicPrefix: env.KAFKA_TOPIC_PREFIX,
    logger,
  });
}
