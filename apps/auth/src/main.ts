import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { authEnvSchema, resolveMasterKey } from '@gatehouse/config';
import { createGovernanceRedis } from '@gatehouse/governance';
import { grpcOptions } from '@gatehouse/grpc';
import { createKafka, EventPublisher } from '@gatehouse/kafka';
import { PinoNestLogger } from '@gatehouse/logging';
import { bootGatewayConfig, bootSettings, closeOnSignals, exitOnBootError } from '@gatehouse/runtime';
import { AuthModule } from './auth.module';
import { AuthSettings } from './config/auth-settings';
import { jwtSettingsFrom } from './config/jwt-settings';

async function main(): Promise<void> {
  const { env, logger } = bootSettings('auth', authEnvSchema);
  const config = bootGatewayConfig('auth', env.GATEHOUSE_CONFIG);
  const masterKey = await resolveMasterKey(config, env).catch((error: unknown) => exitOnBootError('auth', error));
  if (!masterKey)
    logger.warn(
      'no master key is configured (GATEHOUSE_MASTER_KEY or general_settings.master_key): admin routes are closed',
    );
  let jwt;
  try {
    jwt = jwtSettingsFrom(config.generalSettings);
  } catch (error) {
    exitOnBootError('auth', error);
  }
  const settings = new AuthSettings(
    masterKey,
    env.AUTH_KEY_CACHE_SECONDS * 1000,
    env.AUTH_STALE_KEY_SECONDS * 1000,
    100_000,
    jwt,
    env.REDIS_KEY_PREFIX,
  );
  const kafka = createKafka({ brokers: env.KAFKA_BROKERS, clientId: 'auth', topicPrefix: env.KAFKA_TOPIC_PREFIX });
  const publisher = new EventPublisher(kafka, {
    topicPrefix: env.KAFKA_TOPIC_PREFIX,
    maxQueued: 10_000,
    lingerMs: 0,
    onError: (message, error) => logger.error({ err: error }, message),
  });
  await publisher.connect();
  const module = AuthModule.forRoot({
    settings,
    databaseUrl: env.DATABASE_URL,
    kafka,
    topicPrefix: env.KAFKA_TOPIC_PREFIX,
    publisher,
    redis: createGovernanceRedis(env.REDIS_URL),
    logger,
  });
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, {
    ...grpcOptions('auth', env.AUTH_GRPC_URL),
    logger: new PinoNestLogger(logger),
  }).catch((error: unknown) => exitOnBootError('auth', error));
  await app.listen();
  closeOnSignals(app, logger);
  logger.info({ url: env.AUTH_GRPC_URL, jwt: Boolean(jwt) }, 'auth listening');
}

void main();
