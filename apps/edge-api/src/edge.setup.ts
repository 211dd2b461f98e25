import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { EdgeApiEnv } from '@gatehouse/config';
import { AdmissionStore, createGovernanceRedis, governanceRedisReady } from '@gatehouse/governance';
import { createKafka, EventPublisher } from '@gatehouse/kafka';
import { Logger, PinoNestLogger } from '@gatehouse/logging';
import { ModelCatalog } from '@gatehouse/pipeline';
import { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';

/** Images arrive inline as base64; LiteLLM's clients expect far more than Fastify's 1 MiB default. */
const BODY_LIMIT_BYTES = 32 * 1024 * 1024;
const REQUEST_ID = /^[\w.:-]{1,128}$/;

type PipelineEnv = Pick<EdgeApiEnv, 'KAFKA_BROKERS' | 'KAFKA_TOPIC_PREFIX' | 'REDIS_URL' | 'REDIS_KEY_PREFIX'>;

/** What the request path opens in either composition: the usage publisher and the limits store. */
export interface PipelineInfra {
  kafka: Kafka;
  publisher: EventPublisher;
  limits: AdmissionStore;
  close(): Promise<void>;
}

export async function openPipelineInfra(env: PipelineEnv, logger: Logger): Promise<PipelineInfra> {
  const kafka = createKafka({ brokers: env.KAFKA_BROKERS, clientId: 'edge-api', topicPrefix: env.KAFKA_TOPIC_PREFIX });
  const publisher = new EventPublisher(kafka, {
    topicPrefix: env.KAFKA_TOPIC_PREFIX,
    maxQueued: 100_000,
    // Usage events wait a little to travel in batches: fewer produce requests for the broker.
    lingerMs: 25,
    onError: (message, error) => logger.error({ err: error }, message),
  });
  await publisher.connect();
  const redis = createGovernanceRedis(env.REDIS_URL);
  if (!(await governanceRedisReady(redis)))
    logger.error('Redis is unreachable: limits and budgets follow their outage policy');
  return {
    kafka,
    publisher,
    limits: new AdmissionStore(redis, env.REDIS_KEY_PREFIX),
    async close() {
      await publisher.close();
      redis.disconnect();
    },
  };
}

export function warnUnpriced(catalog: ModelCatalog, logger: Logger): void {
  for (const unpriced of catalog.unpriced)
    logger.warn(unpriced, 'deployment has no price in config or the built-in table; it is billed at 0');
}

/** The public HTTP server over the edge module, in either composition. */
export async function serveHttp(
  module: DynamicModule,
  env: Pick<EdgeApiEnv, 'GATEHOUSE_PORT' | 'GATEHOUSE_HOST'>,
  logger: Logger,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
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
  return app;
}
