import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { standaloneEnvSchema } from '@gatehouse/config';
import { createKafka } from '@gatehouse/kafka';
import { PinoNestLogger } from '@gatehouse/logging';
import { createPipeline } from '@gatehouse/pipeline';
import { announceReady, bootGatewayConfig, bootSettings, closeOnSignals, exitOnBootError } from '@gatehouse/runtime';
import { GuardrailCatalog } from '../../guardrail/src/config/guardrail-catalog';
import { GuardrailService } from '../../guardrail/src/services/guardrail.service';
import { authModuleFrom } from '../../auth/src/auth.setup';
import { AuthController } from '../../auth/src/grpc/auth.controller';
import { modelInfoCatalogFrom } from '../../edge-api/src/config/model-info-catalog';
import { EdgeApiModule } from '../../edge-api/src/edge-api.module';
import { openPipelineInfra, serveHttp, warnUnpriced } from '../../edge-api/src/edge.setup';
import { KafkaUsageSink } from '../../edge-api/src/repositories/kafka-usage-sink';
import { providerWorkersModuleFrom } from '../../provider-workers/src/provider-workers.setup';
import { InvokeService } from '../../provider-workers/src/services/invoke.service';
import { UsageHealthConsumer } from '../../router/src/consumers/usage-health.consumer';
import { routerModuleFrom } from '../../router/src/router.setup';
import { UsageConsumer } from '../../usage-ledger/src/consumers/usage.consumer';
import { UsageLedgerModule } from '../../usage-ledger/src/usage-ledger.module';

/**
 * The standalone composition: the whole gateway in one process. The same modules the six apps run,
 * with the request path's ports bound in-process (auth's verbs and the provider invoker are direct
 * calls), so a request costs no internal hop. This file is the composition root, the one place that
 * assembles the apps' modules; the apps never import each other.
 */
async function main(): Promise<void> {
  const { env, logger } = bootSettings('gatehouse', standaloneEnvSchema);
  const config = bootGatewayConfig('gatehouse', env.GATEHOUSE_CONFIG);
  const nestLogger = new PinoNestLogger(logger);
  const context = (module: Parameters<typeof NestFactory.createApplicationContext>[0]) =>
    NestFactory.createApplicationContext(module, { logger: nestLogger }).catch((error: unknown) =>
      exitOnBootError('gatehouse', error),
    );

  const auth = await context(await authModuleFrom(env, config, logger));
  const workers = await context(await providerWorkersModuleFrom(env, config, logger));
  const router = await context(await routerModuleFrom(env, config, logger));
  const ledgerKafka = createKafka({
    brokers: env.KAFKA_BROKERS,
    clientId: 'usage-ledger',
    topicPrefix: env.KAFKA_TOPIC_PREFIX,
  });
  const ledger = await context(
    UsageLedgerModule.forRoot({
      databaseUrl: env.DATABASE_URL,
      kafka: ledgerKafka,
      topicPrefix: env.KAFKA_TOPIC_PREFIX,
      logger,
    }),
  );

  const infra = await openPipelineInfra(env, logger);
  const credentials = auth.get(AuthController);
  let pipeline;
  try {
    const ports = {
      credentials,
      limits: infra.limits,
      // The guardrail service is one plain class: no module or context of its own is needed.
      guardrails: new GuardrailService(new GuardrailCatalog(config.guardrails, config.source)),
      invoker: workers.get(InvokeService),
      usage: new KafkaUsageSink(infra.publisher),
    };
    pipeline = createPipeline(config, ports, logger);
  } catch (error) {
    exitOnBootError('gatehouse', error);
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
  const http = await serveHttp(module, env, logger);
  closeOnSignals([http, ledger, router, workers, auth], logger);
  await Promise.all([ledger.get(UsageConsumer).running, router.get(UsageHealthConsumer).running]);
  announceReady();
  logger.info({ port: env.GATEHOUSE_PORT, models: config.deployments.length }, 'gatehouse listening (standalone)');
}

void main();
