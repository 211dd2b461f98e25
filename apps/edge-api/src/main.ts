import 'reflect-metadata';
import { ClientProxyFactory, ClientGrpc } from '@nestjs/microservices';
import { edgeApiEnvSchema } from '@gatehouse/config';
import { grpcOptions } from '@gatehouse/grpc';
import { createPipeline } from '@gatehouse/pipeline';
import { announceReady, bootGatewayConfig, bootSettings, closeOnSignals, exitOnBootError } from '@gatehouse/runtime';
import { modelInfoCatalogFrom } from './config/model-info-catalog';
import { EdgeApiModule } from './edge-api.module';
import { openPipelineInfra, serveHttp, warnUnpriced } from './edge.setup';
import { GrpcCredentials } from './repositories/auth.client';
import { GrpcGuardrails } from './repositories/guardrail.client';
import { KafkaUsageSink } from './repositories/kafka-usage-sink';
import { GrpcProviderInvoker } from './repositories/provider-workers.client';

/** The services composition's front: the pipeline with auth, guardrails and the provider invoker over gRPC. */
async function main(): Promise<void> {
  const { env, logger } = bootSettings('edge-api', edgeApiEnvSchema);
  const config = bootGatewayConfig('edge-api', env.GATEHOUSE_CONFIG);
  const infra = await openPipelineInfra(env, logger);
  const grpc = (service: 'auth' | 'guardrail' | 'providerWorkers', url: string) =>
    ClientProxyFactory.create(grpcOptions(service, url)) as unknown as ClientGrpc;
  const credentials = new GrpcCredentials(grpc('auth', env.AUTH_GRPC_URL));
  const ports = {
    credentials,
    limits: infra.limits,
    guardrails: new GrpcGuardrails(grpc('guardrail', env.GUARDRAIL_GRPC_URL)),
    invoker: new GrpcProviderInvoker(grpc('providerWorkers', env.PROVIDER_WORKERS_GRPC_URL)),
    usage: new KafkaUsageSink(infra.publisher),
  };
  let pipeline;
  try {
    pipeline = createPipeline(config, ports, logger);
  } catch (error) {
    exitOnBootError('edge-api', error);
  }
  warnUnpriced(pipeline.catalog, logger);
  const module = EdgeApiModule.forRoot({
    pipeline,
    credentials,
    modelInfo: modelInfoCatalogFrom(config),
    kafka: infra.kafka,
    topicPrefix: env.KAFKA_TOPIC_PREFIX,
    logger,
    onShutdown: () => infra.close(),
  });
  const app = await serveHttp(module, env, logger);
  closeOnSignals(app, logger);
  announceReady();
  logger.info({ port: env.GATEHOUSE_PORT, models: config.deployments.length }, 'edge-api listening');
}

void main();
