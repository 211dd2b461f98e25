import 'reflect-metadata';
import { ClientGrpc, ClientProxyFactory } from '@nestjs/microservices';
import { openResponseCache } from '@gatehouse/cache';
import { edgeApiEnvSchema } from '@gatehouse/config';
import { KafkaEventBus } from '@gatehouse/events';
import { openRedisLimits } from '@gatehouse/governance';
import { grpcOptions } from '@gatehouse/grpc';
import { openRoutingStats, routingSettingsFrom } from '@gatehouse/pipeline';
import { announceReady, bootGatewayConfig, bootSettings, closeOnSignals } from '@gatehouse/runtime';
import { serveFront } from './edge.setup';
import { GrpcCredentials } from './repositories/auth.client';
import { GrpcGuardrails } from './repositories/guardrail.client';
import { GrpcProviderInvoker } from './repositories/provider-workers.client';

/** The services composition's front: the pipeline with auth, guardrails and the provider invoker over gRPC. */
async function main(): Promise<void> {
  const { env, logger } = bootSettings('edge-api', edgeApiEnvSchema);
  const config = bootGatewayConfig('edge-api', env.GATEHOUSE_CONFIG);
  const grpc = (service: 'auth' | 'guardrail' | 'providerWorkers', url: string) =>
    ClientProxyFactory.create(grpcOptions(service, url)) as unknown as ClientGrpc;
  // Usage events wait a little to travel in batches: fewer produce requests for the broker.
  const events = await KafkaEventBus.open(
    {
      brokers: env.KAFKA_BROKERS,
      clientId: 'edge-api',
      topicPrefix: env.KAFKA_TOPIC_PREFIX,
      maxQueued: 100_000,
      lingerMs: 25,
    },
    logger,
  );
  const limits = await openRedisLimits(env.REDIS_URL, env.REDIS_KEY_PREFIX, logger);
  const redis = { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX };
  const cache = openResponseCache(config, redis, logger);
  const routing = openRoutingStats(routingSettingsFrom(config), redis, logger);
  const app = await serveFront(
    'edge-api',
    config,
    {
      credentials: new GrpcCredentials(grpc('auth', env.AUTH_GRPC_URL)),
      guardrails: new GrpcGuardrails(grpc('guardrail', env.GUARDRAIL_GRPC_URL)),
      invoker: new GrpcProviderInvoker(grpc('providerWorkers', env.PROVIDER_WORKERS_GRPC_URL)),
    },
    {
      events,
      limits: limits.store,
      responseCache: cache?.store,
      semanticCache: cache?.semantic,
      routingStats: routing.stats,
    },
    env,
    logger,
  );
  // The server first, so no request arrives after the events and limits it would need are gone.
  closeOnSignals([app, events, limits, routing, ...(cache ? [cache] : [])], logger);
  announceReady();
  logger.info({ port: env.GATEHOUSE_PORT, models: config.deployments.length }, 'edge-api listening');
}

void main();
