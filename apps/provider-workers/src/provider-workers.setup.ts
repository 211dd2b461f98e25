import { DynamicModule } from '@nestjs/common';
import { SecretsManagerRepository } from '@gatehouse/aws-secrets';
import { GatewayConfig, ProviderWorkersEnv } from '@gatehouse/config';
import { Logger } from '@gatehouse/logging';
import { exitOnBootError } from '@gatehouse/runtime';
import { DeploymentCatalog } from './config/deployment-catalog';
import { ProviderWorkersModule } from './provider-workers.module';

/**
 * provider-workers' module with every deployment's credentials resolved (a missing one stops
 * start-up, naming it), for its own process or the standalone composition.
 */
export async function providerWorkersModuleFrom(
  env: Omit<ProviderWorkersEnv, 'PROVIDER_WORKERS_GRPC_URL'>,
  config: GatewayConfig,
  logger: Logger,
): Promise<DynamicModule> {
  const secrets = SecretsManagerRepository.fromSettings({
    region: env.AWS_REGION,
    endpoint: env.SECRETS_MANAGER_ENDPOINT,
    ttlMs: env.SECRETS_CACHE_TTL_SECONDS * 1000,
  });
  const refresh = {
    resolvers: { awsSecret: secrets.fetch },
    ttlMs: env.SECRETS_CACHE_TTL_SECONDS * 1000,
    onError: (deployment: string, error: unknown) =>
      logger.warn(
        { deployment, reason: error instanceof Error ? error.message : String(error) },
        'secret refresh failed; keeping the previous value',
      ),
  };
  const catalog = await DeploymentCatalog.build(config, refresh).catch((error: unknown) =>
    exitOnBootError('provider-workers', error),
  );
  return ProviderWorkersModule.forRoot(catalog, logger, { awsRegion: env.AWS_REGION });
}
