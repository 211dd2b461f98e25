import { DynamicModule } from '@nestjs/common';
import { AuthEnv, GatewayConfig, resolveMasterKey } from '@gatehouse/config';
import { createGovernanceRedis } from '@gatehouse/governance';
import { createKafka, EventPublisher } from '@gatehouse/kafka';
import { Logger } from '@gatehouse/logging';
import { exitOnBootError } from '@gatehouse/runtime';
import { AuthModule } from './auth.module';
import { AuthSettings } from './config/auth-settings';
import { jwtSettingsFrom } from './config/jwt-settings';

/** auth's module from its settings, for its own process or the standalone composition. */
export async function authModuleFrom(
  env: Omit<AuthEnv, 'AUTH_GRPC_URL'>,
  config: GatewayConfig,
  logger: Logger,
): Promise<DynamicModule> {
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
  const publisher = await EventPublisher.open(
    kafka,
    { topicPrefix: env.KAFKA_TOPIC_PREFIX, maxQueued: 10_000, lingerMs: 0 },
    logger,
  );
  return AuthModule.forRoot({
    settings,
    databaseUrl: env.DATABASE_URL,
    kafka,
    topicPrefix: env.KAFKA_TOPIC_PREFIX,
    publisher,
    redis: createGovernanceRedis(env.REDIS_URL),
    logger,
  });
}
