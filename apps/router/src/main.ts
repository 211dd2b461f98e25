import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { routerEnvSchema } from '@gatehouse/config';
import { PinoNestLogger } from '@gatehouse/logging';
import { announceReady, bootGatewayConfig, bootSettings, closeOnSignals, exitOnBootError } from '@gatehouse/runtime';
import { UsageHealthConsumer } from './consumers/usage-health.consumer';
import { routerModuleFrom } from './router.setup';

/** The router: routing state shared by every front, derived from usage.v1 (no request waits on it). */
async function main(): Promise<void> {
  const { env, logger } = bootSettings('router', routerEnvSchema);
  const config = bootGatewayConfig('router', env.GATEHOUSE_CONFIG);
  const app = await NestFactory.createApplicationContext(await routerModuleFrom(env, config, logger), {
    logger: new PinoNestLogger(logger),
  }).catch((error: unknown) => exitOnBootError('router', error));
  closeOnSignals(app, logger);
  await app.get(UsageHealthConsumer).running;
  announceReady();
}

void main();
