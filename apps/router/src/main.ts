import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { routerEnvSchema } from '@gatehouse/config';
import { KafkaEventBus } from '@gatehouse/events';
import { PinoNestLogger } from '@gatehouse/logging';
import { announceReady, bootGatewayConfig, bootSettings, closeOnSignals, exitOnBootError } from '@gatehouse/runtime';
import { UsageHealthConsumer } from './consumers/usage-health.consumer';
import { routerModuleFrom } from './router.setup';

/** The router: routing state shared by every front, derived from usage.v1 (no request waits on it). */
async function main(): Promise<void> {
  const { env, logger } = bootSettings('router', routerEnvSchema);
  const config = bootGatewayConfig('router', env.GATEHOUSE_CONFIG);
  const events = await KafkaEventBus.open(
    {
      brokers: env.KAFKA_BROKERS,
      clientId: 'router',
      topicPrefix: env.KAFKA_TOPIC_PREFIX,
      maxQueued: 10_000,
      lingerMs: 0,
    },
    logger,
  );
  const app = await NestFactory.createApplicationContext(routerModuleFrom(config, events, logger), {
    logger: new PinoNestLogger(logger),
  }).catch((error: unknown) => exitOnBootError('router', error));
  // Announcements still queued are sent before the process goes.
  closeOnSignals([app, events], logger);
  await app.get(UsageHealthConsumer).running;
  announceReady();
}

void main();
