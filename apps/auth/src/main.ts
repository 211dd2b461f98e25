import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { authEnvSchema } from '@gatehouse/config';
import { grpcOptions } from '@gatehouse/grpc';
import { PinoNestLogger } from '@gatehouse/logging';
import { announceReady, bootGatewayConfig, bootSettings, closeOnSignals, exitOnBootError } from '@gatehouse/runtime';
import { authModuleFrom } from './auth.setup';

async function main(): Promise<void> {
  const { env, logger } = bootSettings('auth', authEnvSchema);
  const config = bootGatewayConfig('auth', env.GATEHOUSE_CONFIG);
  const module = await authModuleFrom(env, config, logger);
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, {
    ...grpcOptions('auth', env.AUTH_GRPC_URL),
    logger: new PinoNestLogger(logger),
  }).catch((error: unknown) => exitOnBootError('auth', error));
  await app.listen();
  closeOnSignals(app, logger);
  announceReady();
  logger.info({ url: env.AUTH_GRPC_URL }, 'auth listening');
}

void main();
