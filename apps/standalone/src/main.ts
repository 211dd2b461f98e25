import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { openResponseCache } from '@gatehouse/cache';
import { openRoutingStats, routingSettingsFrom } from '@gatehouse/pipeline';
import { standaloneEnvSchema } from '@gatehouse/config';
import { PinoNestLogger } from '@gatehouse/logging';
import { announceReady, bootGatewayConfig, bootSettings, closeOnSignals, exitOnBootError } from '@gatehouse/runtime';
import { guardrailCatalogFrom } from '../../guardrail/src/guardrail.setup';
import { GuardrailService } from '../../guardrail/src/services/guardrail.service';
import { authModuleFrom } from '../../auth/src/auth.setup';
import { UsageSpendConsumer } from '../../auth/src/consumers/usage-spend.consumer';
import { AuthController } from '../../auth/src/grpc/auth.controller';
import { serveFront } from '../../edge-api/src/edge.setup';
import { providerWorkersModuleFrom } from '../../provider-workers/src/provider-workers.setup';
import { InvokeService } from '../../provider-workers/src/services/invoke.service';
import { UsageHealthConsumer } from '../../router/src/consumers/usage-health.consumer';
import { routerModuleFrom } from '../../router/src/router.setup';
import { UsageConsumer } from '../../usage-ledger/src/consumers/usage.consumer';
import { UsageLedgerModule } from '../../usage-ledger/src/usage-ledger.module';
import { openBackends } from './backends';

/**
 * The standalone composition: the whole gateway in one process. The same modules the six apps run,
 * with the request path's ports bound in-process (auth's verbs, the guardrails and the provider invoker
 * are direct calls), so a request costs no internal hop, and each backend embedded unless its
 * setting names the real service. This file is the composition root, the one place that assembles
 * the apps' modules; the apps never import each other.
 */
async function main(): Promise<void> {
  const { env, logger } = bootSettings('gatehouse', standaloneEnvSchema);
  const config = bootGatewayConfig('gatehouse', env.GATEHOUSE_CONFIG);
  let guardrailCatalog;
  try {
    guardrailCatalog = guardrailCatalogFrom(env, config, process.env);
  } catch (error) {
    exitOnBootError('gatehouse', error);
  }
  const backends = await openBackends(env, logger).catch((error: unknown) => exitOnBootError('gatehouse', error));
  const { database, events, limits, archive } = backends;
  const redis = { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX };
  const cache = openResponseCache(config, redis, logger);
  const routing = openRoutingStats(routingSettingsFrom(config), redis, logger);
  const summary = cache ? { ...backends.summary, cache: cache.where } : backends.summary;
  const nestLogger = new PinoNestLogger(logger);
  const context = (module: Parameters<typeof NestFactory.createApplicationContext>[0]) =>
    NestFactory.createApplicationContext(module, { logger: nestLogger }).catch((error: unknown) =>
      exitOnBootError('gatehouse', error),
    );

  const auth = await context(await authModuleFrom(env, config, logger, { database, events, limits }));
  const workers = await context(await providerWorkersModuleFrom(env, config, logger));
  const router = await context(routerModuleFrom(config, events, logger));
  const ledger = await context(UsageLedgerModule.forRoot({ database, events, logger, archive }));

  const http = await serveFront(
    'gatehouse',
    config,
    {
      credentials: auth.get(AuthController),
      // The guardrail service is one plain class: it needs no module or context of its own here.
      guardrails: new GuardrailService(guardrailCatalog),
      guardrailTraits: guardrailCatalog,
      invoker: workers.get(InvokeService),
    },
    { events, limits, responseCache: cache?.store, semanticCache: cache?.semantic, routingStats: routing.stats },
    env,
    logger,
  );
  closeOnSignals([http, ledger, router, workers, auth, routing, ...(cache ? [cache] : []), backends], logger);
  await Promise.all([
    ledger.get(UsageConsumer).running,
    router.get(UsageHealthConsumer).running,
    auth.get(UsageSpendConsumer).running,
  ]);
  announceReady(summary);
  logger.info(
    { port: env.GATEHOUSE_PORT, models: config.deployments.length, config: config.source, ...summary },
    'gatehouse listening (standalone)',
  );
}

void main();
