import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ResponseCacheStore, SemanticEntries } from '@gatehouse/cache';
import { EdgeApiEnv, GatewayConfig } from '@gatehouse/config';
import { EventBus } from '@gatehouse/events';
import { LimitsStore } from '@gatehouse/governance';
import { GuardrailCatalog } from '@gatehouse/guardrails';
import { Logger, PinoNestLogger } from '@gatehouse/logging';
import { createPipeline, ModelCatalog, PipelinePorts, RoutingStats } from '@gatehouse/pipeline';
import { exitOnBootError } from '@gatehouse/runtime';
import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { modelInfoCatalogFrom } from './config/model-info-catalog';
import { EdgeApiModule } from './edge-api.module';
import { EventUsageSink } from './repositories/event-usage-sink';

/** Images arrive inline as base64; LiteLLM's clients expect far more than Fastify's 1 MiB default. */
const BODY_LIMIT_BYTES = 32 * 1024 * 1024;
const REQUEST_ID = /^[\w.:-]{1,128}$/;

type FrontEnv = Pick<EdgeApiEnv, 'GATEHOUSE_PORT' | 'GATEHOUSE_HOST'>;

/** What the request path shares with the rest of its process: the event bus and the limits store. */
export interface FrontBackends {
  events: EventBus;
  limits: LimitsStore;
  /** Present when `litellm_settings.cache` is on. */
  responseCache?: ResponseCacheStore;
  /** Present for `cache_params.type: redis-semantic`. */
  semanticCache?: SemanticEntries;
  routingStats: RoutingStats;
}

/**
 * The HTTP front of either composition: the pipeline over the composition's bindings of auth,
 * guardrails and the provider invoker, and the backends its process opened, served over HTTP. A
 * config the pipeline cannot honour stops start-up, naming the problem.
 */
export async function serveFront(
  service: string,
  config: GatewayConfig,
  ports: Pick<PipelinePorts, 'credentials' | 'guardrails' | 'invoker'> &
    Partial<Pick<PipelinePorts, 'guardrailTraits'>>,
  backends: FrontBackends,
  env: FrontEnv,
  logger: Logger,
): Promise<NestFastifyApplication> {
  let pipeline;
  try {
    pipeline = createPipeline(
      config,
      {
        ...ports,
        // Where the guardrails run in another process, they are built here too, never run: so a config
        // that process would refuse stops this one as well, and the pipeline learns what each can do.
        guardrailTraits:
          ports.guardrailTraits ??
          GuardrailCatalog.build(config.guardrails, { resolvers: {}, env: process.env }, config.source),
        limits: backends.limits,
        usage: new EventUsageSink(backends.events),
        responseCache: backends.responseCache,
        semanticCache: backends.semanticCache,
        routingStats: backends.routingStats,
      },
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
    events: backends.events,
    logger,
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
