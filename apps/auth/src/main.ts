import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { authEnvSchema, resolveMasterKey } from '@gatehouse/config';
import { grpcOptions } from '@gatehouse/grpc';
import { PinoNestLogger } from '@gatehouse/logging';
import { bootGatewayConfig, bootSettings, closeOnSignals, exitOnBootError } from '@gatehouse/runtime';
import { AuthModule } from './auth.module';
import { AuthSettings } from './config/auth-settings';

async function main(): Promise<void> {
  const { env, logger } = bootSettings('auth', authEnvSchema);
  const config = bootGatewayConfig('auth', env.GATEHOUSE_CONFIG);
  const masterKey = await resolveMasterKey(config, env).catch((error: unknown) => exitOnBootError('auth', error));
  if (!masterKey)
    logger.warn(
      'no master key is configured (GATEHOUSE_MASTER_KEY or general_settings.master_key): every request will be refused',
    );
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(
    AuthModule.forRoot(new AuthSettings(masterKey)),
    {
      ...grpcOptions('auth', env.AUTH_GRPC_URL),
      logger: new PinoNestLogger(logger),
    },
  );
  await app.listen();
  closeOnSignals(app, logger);
  logger.info({ url: env.AUTH_GRPC_URL }, 'auth listening');
}

void main();
