import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { providerWorkersEnvSchema } from '@gatehouse/config';
import { grpcOptions } from '@gatehouse/grpc';
import { PinoNestLogger } from '@gatehouse/logging';
import { bootGatewayConfig, bootSettings, closeOnSignals, exitOnBootError } from '@gatehouse/runtime';
import { DeploymentCatalog } from './config/deployment-catalog';
import { SecretsManagerRepository } from './repositories/secrets-manager.repository';
import { ProviderWorkersModule } from './provider-workers.module';
import { ProviderRegistry } from './services/provider-registry';

async function main(): Promise<void> {
  const { env, logger } = bootSettings('provider-workers', providerWorkersEnvSchema);
  const config = bootGatewayConfig('provider-workers', env.GATEHOUSE_CONFIG);
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
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(
    ProviderWorkersModule.forRoot(catalog, logger, { awsRegion: env.AWS_REGION }),
    {
      ...grpcOptions('providerWorkers', env.PROVIDER_WORKERS_GRPC_URL),
      logger: new PinoNestLogger(logger),
    },
  );
  const registry = app.get(ProviderRegistry);
  const unsupported = [...catalog.providers()].filter((provider) => !registry.supports(provider));
  if (unsupported.length > 0) logger.warn({ providers: unsupported }, 'deployments of these providers will be refused');
  await app.listen();
  closeOnSignals(app, logger);
  logger.info(
    { url: env.PROVIDER_WORKERS_GRPC_URL, deployments: config.deployments.length },
    'provider-workers listening',
  );
}

void main();
