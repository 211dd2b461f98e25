import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { providerWorkersEnvSchema } from '@gatehouse/config';
import { grpcOptions } from '@gatehouse/grpc';
import { PinoNestLogger } from '@gatehouse/logging';
import { announceReady, bootGatewayConfig, bootSettings, closeOnSignals } from '@gatehouse/runtime';
import { providerWorkersModuleFrom } from './provider-workers.setup';

async function main(): Promise<void> {
  const { env, logger } = bootSettings('provider-workers', providerWorkersEnvSchema);
  const config = bootGatewayConfig('provider-workers', env.GATEHOUSE_CONFIG);
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(
    await providerWorkersModuleFrom(env, config, logger),
    {
      ...grpcOptions('providerWorkers', env.PROVIDER_WORKERS_GRPC_URL),
      logger: new PinoNestLogger(logger),
    },
  );
  await app.listen();
  closeOnSignals([app], logger);
  announceReady();
  logger.info(
    { url: env.PROVIDER_WORKERS_GRPC_URL, deployments: config.deployments.length },
    'provider-workers listening',
  );
}

void main();
