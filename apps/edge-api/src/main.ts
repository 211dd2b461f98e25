import 'reflect-metadata';
import { ClientGrpc, ClientProxyFactory } from '@nestjs/microservices';
import { edgeApiEnvSchema } from '@gatehouse/config';
import { grpcOptions } from '@gatehouse/grpc';
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
  const app = await serveFront(
    'edge-api',
    config,
    {
      credentials: new GrpcCredentials(grpc('auth', env.AUTH_GRPC_URL)),
      guardrails: new GrpcGuardrails(grpc('guardrail', env.GUARDRAIL_GRPC_URL)),
      invoker: new GrpcProviderInvoker(grpc('providerWorkers', env.PROVIDER_WORKERS_GRPC_URL)),
    },
    env,
    logger,
  );
  closeOnSignals(app, logger);
  announceReady();
  logger.info({ port: env.GATEHOUSE_PORT, models: config.deployments.length }, 'edge-api listening');
}

void main();
