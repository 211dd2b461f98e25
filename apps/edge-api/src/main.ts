import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { edgeApiEnvSchema } from '@gatehouse/config';
import { createGovernanceRedis, governanceRedisReady } from '@gatehouse/governance';
import { createKafka, EventPublisher } from '@gatehouse/kafka';
import { PinoNestLogger } from '@gatehouse/logging';
import { bootGatewayConfig, bootSettings, closeOnSignals } from '@gatehouse/runtime';
import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { modelDirectoryFrom, priceBookFrom } from './config/edge-config';
import { governanceSettingsFrom } from './config/governance-settings';
import { modelInfoCatalogFrom } from './config/model-info-catalog';
import { EdgeApiModule } from './edge-api.module';

/** Images arrive inline as base64; LiteLLM's clients expect far more than Fastify's 1 MiB default. */
const BODY_LIMIT_BYTES = 32 * 1024 * 1024;
const REQUEST_ID = /^[\w.:-]{1,128}$/;

async function main(): Promise<void> {
  const { env, logger } = bootSettings('edge-api', edgeApiEnvSchema);
  const config = bootGatewayConfig('edge-api', env.GATEHOUSE_CONFIG);
  const kafka = createKafka({ brokers: env.KAFKA_BROKERS, clientId: 'edge-api', topicPrefix: env.KAFKA_TOPIC_PREFIX });
  const publisher = new EventPublisher(kafka, {
    topicPrefix: env.KAFKA_TOPIC_PREFIX,
    maxQueued: 100_000,
    lingerMs: 5,
    onError: (message, error) => logger.error({ err: error }, message),
  });
  await publisher.connect();
  const redis = createGovernanceRedis(env.REDIS_URL);
  if (!(await governanceRedisReady(redis)))
    logger.error('Redis is unreachable: limits and budgets follow their outage policy');
  const prices = priceBookFrom(config);
  for (const unpriced of prices.unpriced())
    logger.warn(unpriced, 'deployment has no price in config or the built-in table; it is billed at 0');

  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const module = EdgeApiModule.forRoot({
    routerUrl: env.ROUTER_GRPC_URL,
    authUrl: env.AUTH_GRPC_URL,
    models: modelDirectoryFrom(config),
    prices,
    modelInfo: modelInfoCatalogFrom(config),
    publisher,
    kafka,
    topicPrefix: env.KAFKA_TOPIC_PREFIX,
    redis,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    governance: governanceSettingsFrom(config),
    logger,
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    rawBody: true,
    logger: new PinoNestLogger(logger),
  });
  // Every answer names its request, whichever route or error produced it.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      void reply.header('x-request-id', request.id);
      done();
    });
  await app.listen(env.GATEHOUSE_PORT, env.GATEHOUSE_HOST);
  closeOnSignals(app, logger);
  logger.info({ port: env.GATEHOUSE_PORT, models: config.deployments.length }, 'edge-api listening');
}

void main();
