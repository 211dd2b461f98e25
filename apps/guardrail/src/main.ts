import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { guardrailEnvSchema } from '@gatehouse/config';
import { grpcOptions } from '@gatehouse/grpc';
import { PinoNestLogger } from '@gatehouse/logging';
import { announceReady, bootGatewayConfig, bootSettings, closeOnSignals, exitOnBootError } from '@gatehouse/runtime';
import { GuardrailCatalog } from '@gatehouse/guardrails';
import { guardrailCatalogFrom } from './guardrail.setup';
import { GuardrailModule } from './guardrail.module';

async function main(): Promise<void> {
  const { env, logger } = bootSettings('guardrail', guardrailEnvSchema);
  const config = bootGatewayConfig('guardrail', env.GATEHOUSE_CONFIG);
  let catalog: GuardrailCatalog;
  try {
    catalog = guardrailCatalogFrom(env, config, process.env);
  } catch (error) {
    exitOnBootError('guardrail', error);
  }
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(GuardrailModule.forRoot(catalog), {
    ...grpcOptions('guardrail', env.GUARDRAIL_GRPC_URL),
    logger: new PinoNestLogger(logger),
  });
  await app.listen();
  closeOnSignals([app], logger);
  announceReady();
  logger.info({ url: env.GUARDRAIL_GRPC_URL }, 'guardrail listening');
}

void main();
