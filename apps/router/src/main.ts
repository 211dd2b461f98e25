import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { routerEnvSchema } from '@gatehouse/config';
import { grpcOptions } from '@gatehouse/grpc';
import { PinoNestLogger } from '@gatehouse/logging';
import { ModelCatalog } from '@gatehouse/pipeline';
import { announceReady, bootGatewayConfig, bootSettings, closeOnSignals } from '@gatehouse/runtime';
import { RouterModule } from './router.module';

async function main(): Promise<void> {
  const { env, logger } = bootSettings('router', routerEnvSchema);
  const config = bootGatewayConfig('router', env.GATEHOUSE_CONFIG);
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(
    RouterModule.forRoot({
      catalog: ModelCatalog.fromConfig(config),
      providerWorkersUrl: env.PROVIDER_WORKERS_GRPC_URL,
    }),
    { ...grpcOptions('router', env.ROUTER_GRPC_URL), logger: new PinoNestLogger(logger) },
  );
  await app.listen();
  closeOnSignals(app, logger);
  announceReady();
  logger.info({ url: env.ROUTER_GRPC_URL }, 'router listening');
}

void main();
