import { DynamicModule } from '@nestjs/common';
import { AuthEnv, GatewayConfig, resolveMasterKey } from '@gatehouse/config';
import { Logger } from '@gatehouse/logging';
import { exitOnBootError } from '@gatehouse/runtime';
import { AuthModule, AuthModuleOptions } from './auth.module';
import { AuthSettings } from './config/auth-settings';
import { jwtSettingsFrom } from './config/jwt-settings';

type AuthSetupEnv = Pick<AuthEnv, 'GATEHOUSE_MASTER_KEY' | 'AUTH_KEY_CACHE_SECONDS' | 'AUTH_STALE_KEY_SECONDS'>;

/** auth's module from its settings and the backends its process opened, for its own process or the standalone one. */
export async function authModuleFrom(
  env: AuthSetupEnv,
  config: GatewayConfig,
  logger: Logger,
  backends: Pick<AuthModuleOptions, 'database' | 'events' | 'limits'>,
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
    new Set(config.guardrails.map((guardrail) => guardrail.guardrail_name)),
  );
  return AuthModule.forRoot({ settings, ...backends, logger });
}
