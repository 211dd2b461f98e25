import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { authEnvSchema } from '@gatehouse/config';
import { KafkaEventBus } from '@gatehouse/events';
import { openRedisLimits } from '@gatehouse/governance';
import { grpcOptions } from '@gatehouse/grpc';
import { PinoNestLogger } from '@gatehouse/logging';
import { announceReady, bootGatewayConfig, bootSettings, closeOnSignals, exitOnBootError } from '@gatehouse/runtime';
import { authModuleFrom } from './auth.setup';

async function main(): Promise<void> {
  const { env, logger } = bootSettings('auth', authEnvSchema);
  const config = bootGatewayConfig('auth', env.GATEHOUSE_CONFIG);
  const events = await KafkaEventBus.open(
    {
      brokers: env.KAFKA_BROKERS,
      clientId: 'auth',
      topicPrefix: env.KAFKA_TOPIC_PREFIX,
      maxQueued: 10_000,
      lingerMs: 0,
    },
    logger,
  );
  const limits = await openRedisLimits(env.REDIS_URL, env.REDIS_KEY_PREFIX, logger);
  const module = await authModuleFrom(env, config, logger, {
    database: { url: env.DATABASE_URL },
    events,
    limits: limits.store,
  });
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, {
    ...grpcOptions('auth', env.AUTH_GRPC_URL),
    logger: new PinoNestLogger(logger),
  }).catch((error: unknown) => exitOnBootError('auth', error));
  await app.listen();
  // Control events still queued are sent before the process goes.
  closeOnSignals([app, events, limits], logger);
  announceReady();
  logger.info({ url: env.AUTH_GRPC_URL }, 'auth listening');
}

void main();
