import { ResponseCacheStore, SemanticCache, SemanticEntries } from '@gatehouse/cache';
import { ConfigError, GatewayConfig, ModelPattern } from '@gatehouse/config';
import { Logger } from '@gatehouse/logging';
import { ModelCatalog } from './catalog/model-catalog';
import { CompletionPipeline } from './completion-pipeline';
import { Credentials } from './ports/credentials';
import { Guardrails, GuardrailTraits } from './ports/guardrails';
import { ProviderInvoker } from './ports/provider-invoker';
import { UsageSink } from './ports/usage-sink';
import { resilienceSettingsFrom } from './resilience/resilience-settings';
import { routingSettingsFrom } from './routing/routing-settings';
import { MemoryRoutingStats } from './routing/stats/memory-routing-stats';
import { RoutingStats } from './routing/stats/routing-stats';
import { governanceSettingsFrom } from './settings';
import { AdmissionBackend, AdmissionService } from './stages/admission';
import { AuthenticationService } from './stages/authentication';
import { Cooldowns } from './stages/cooldowns';
import { GuardStage } from './stages/guard';
import { ReservationEstimator } from './stages/reservation-estimator';
import { promptEmbedder } from './stages/prompt-embedder';
import { cacheSettingsFrom, ResponseCacheStage } from './stages/response-cache';
import { DeploymentRouter } from './stages/route';
import { UsageRecorder } from './stages/usage-recorder';
import { StreamPipeline } from './stream-pipeline';

/** What a composition binds: each port of the request path, in-process or over a transport. */
export interface PipelinePorts {
  credentials: Credentials;
  limits: AdmissionBackend;
  guardrails: Guardrails;
  /** What the configured guardrails can do, from the engines built at start-up (which also refuse a bad config). */
  guardrailTraits: GuardrailTraits;
  invoker: ProviderInvoker;
  usage: UsageSink;
  /** Where cached answers live; needed when `litellm_settings.cache` is on. */
  responseCache?: ResponseCacheStore;
  /** Where the semantic cache's entries live; needed for `cache_params.type: redis-semantic`. */
  semanticCache?: SemanticEntries;
  /** Where deployments' traffic is counted for routing; in this process when absent. */
  routingStats?: RoutingStats;
}

export interface Pipeline {
  catalog: ModelCatalog;
  /** Fed by control.v1 `deployment.cooldown` events; the route stage skips what it holds. */
  cooldowns: Cooldowns;
  authentication: AuthenticationService;
  completions: CompletionPipeline;
  streams: StreamPipeline;
}

/**
 * The request path from one config and one set of port bindings; both compositions build it here.
 * Throws a ConfigError for a config the pipeline cannot honour (e.g. a guardrail mode it does not run).
 */
export function createPipeline(config: GatewayConfig, ports: PipelinePorts, logger: Logger): Pipeline {
  const catalog = ModelCatalog.fromConfig(config);
  const settings = governanceSettingsFrom(config);
  const cooldowns = new Cooldowns();
  const routing = routingSettingsFrom(config);
  const router = new DeploymentRouter(catalog, cooldowns, {
    ...routing,
    stats: ports.routingStats ?? new MemoryRoutingStats(routing.latency),
  });
  const stages = {
    router,
    resilience: resilienceSettingsFrom(
      config,
      // A fallback names a model a client could ask for: a group, an alias, or one a wildcard serves.
      (model) => !ModelPattern.isPattern(model) && catalog.resolve(model) !== undefined,
    ),
    admission: new AdmissionService(ports.limits, {
      policy: settings.onRedisError,
      logger,
      leaseMs: settings.reservationLeaseMs,
    }),
    reservations: new ReservationEstimator(settings),
    guard: GuardStage.fromConfig(config, ports.guardrails, catalog, (name) => ports.guardrailTraits.masksInput(name)),
    cache: cacheStage(config, catalog, ports, logger, (group) => promptEmbedder(router, ports.invoker, group)),
    invoker: ports.invoker,
    usage: new UsageRecorder(ports.usage),
  };
  const completions = new CompletionPipeline(stages);
  return {
    catalog,
    cooldowns,
    authentication: new AuthenticationService(ports.credentials),
    completions,
    streams: new StreamPipeline(stages, completions, logger, config.gatehouse.guardrails.stream_window_chars),
  };
}

function cacheStage(
  config: GatewayConfig,
  catalog: ModelCatalog,
  { responseCache, semanticCache }: PipelinePorts,
  logger: Logger,
  embedderFor: (group: string) => ReturnType<typeof promptEmbedder>,
) {
  const settings = cacheSettingsFrom(config);
  if (!settings) return undefined;
  if (!responseCache) throw new Error('litellm_settings.cache is on but the composition bound no response cache store');
  if (!settings.semantic) return new ResponseCacheStage(responseCache, settings, logger);
  const { embeddingModel } = settings.semantic;
  if (catalog.resolve(embeddingModel) === undefined)
    throw new ConfigError(`Invalid gateway config ${config.source}`, [
      {
        location: 'litellm_settings.cache_params.redis_semantic_cache_embedding_model',
        message: `the semantic cache embeds with model '${embeddingModel}', which model_list does not serve`,
      },
    ]);
  if (!semanticCache) throw new Error('redis-semantic is on but the composition bound no semantic cache entries');
  return new ResponseCacheStage(responseCache, settings, logger, {
    cache: new SemanticCache(semanticCache),
    embed: embedderFor(embeddingModel),
  });
}
