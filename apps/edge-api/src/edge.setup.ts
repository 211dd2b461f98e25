import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { EdgeApiEnv, GatewayConfig } from '@gatehouse/config';
import { AdmissionStore, createGovernanceRedis, governanceRedisReady } from '@gatehouse/governance';
import { createKafka, EventPublisher } from '@gatehouse/kafka';
import { Logger, PinoNestLogger } from '@gatehouse/logging';
import { createPipeline, ModelCatalog, PipelinePorts } from '@gatehouse/pipeline';
import { exitOnBootError } from '@gatehouse/runtime';
import { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { modelInfoCatalogFrom } from './config/model-info-catalog';
import { EdgeApiModule } from './edge-api.module';
import { KafkaUsageSink } from './repositories/kafka-usage-sink';

/** Images arrive inline as base64; LiteLLM's clients expect far more than Fastify's 1 MiB default. */
const BODY_LIMIT_BYTES = 32 * 1024 * 1024;
const REQUEST_ID = /^[\w.:-]{1,128}$/;

type PipelineEnv = Pick<EdgeApiEnv, 'KAFKA_BROKERS' | 'KAFKA_TOPIC_PREFIX' | 'REDIS_URL' | 'REDIS_KEY_PREFIX'>;
type FrontEnv = PipelineEnv & Pick<EdgeApiEnv, 'GATEHOUSE_PORT' | 'GATEHOUSE_HOST'>;

/** What the request path opens in either composition: the usage publisher and the limits store. */
interface PipelineInfra {
  kafka: Kafka;
  publisher: EventPublisher;
  limits: AdmissionStore;
  close(): Promise<void>;
}

async function openPipelineInfra(env: PipelineEnv, logger: Logger): Promise<PipelineInfra> {
  const kafka = createKafka({ brokers: env.KAFKA_BROKERS, clientId: 'edge-api', topicPrefix: env.KAFKA_TOPIC_PREFIX });
  // Usage events wait a little to travel in batches: fewer produce requests for the broker.
  const publisher = await EventPublisher.open(
    kafka,
    { topicPrefix: env.KAFKA_TOPIC_PREFIX, maxQueued: 100_000, lingerMs: 25 },
    logger,
  );
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

/**
 * The HTTP front of either composition: the pipeline over the composition's bindings of auth,
 * guardrails and the provider invoker, the limits store and usage sink both share, served over
 * HTTP. A config the pipeline cannot honour stops start-up, naming the problem.
 */
export async function serveFront(
  service: string,
  config: GatewayConfig,
  ports: Pick<PipelinePorts, 'credentials' | 'guardrails' | 'invoker'>,
  env: FrontEnv,
  logger: Logger,
): Promise<NestFastifyApplication> {
  const infra = await openPipelineInfra(env, logger);
  let pipeline;
  try {
    pipeline = createPipeline(
      config,
      { ...ports, limits: infra.limits, usage: new KafkaUsageSink(infra.publisher) },
      logger,
    );
  } catch (error) {
    exitOnBootError(service, error);
  }
  warnUnpriced(pipeline.catalog, logger);
  const module = EdgeApiModule.forRoot({
    pipeline,
    credentials: ports.credentials,
    modelInfo: modelInfoCatalogFrom(config),
    kafka: infra.kafka,
    topicPrefix: env.KAFKA_TOPIC_PREFIX,
    logger,
    onShutdown: () => infra.close(),
  });
  return serveHttp(module, env, logger);
}

function warnUnpriced(catalog: ModelCatalog, logger: Logger): void {
  for (const unpriced of catalog.unpriced)
    logger.warn(unpriced, 'deployment has no price in config or the built-in table; it is billed at 0');
}

async function serveHttp(
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
