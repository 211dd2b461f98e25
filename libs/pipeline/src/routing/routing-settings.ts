import { GatewayConfig } from '@gatehouse/config';
import { LatencyWindowOptions } from './stats/latency-window';
import { RoutingStrategy } from './strategies/routing-strategy';
import { strategyFor } from './strategies/strategy-for';

export interface RoutingSettings {
  strategy: RoutingStrategy;
  /** Calls are counted only when something reads the counts: a strategy other than simple-shuffle, or a cap. */
  trackStats: boolean;
  tagFiltering: boolean;
  preCallChecks: boolean;
  /** `routing_strategy_args.max_latency_list_size` and `ttl`, for the latency averages. */
  latency: LatencyWindowOptions;
}

export function routingSettingsFrom(config: GatewayConfig): RoutingSettings {
  const router = config.routerSettings;
  const name = router.routing_strategy ?? 'simple-shuffle';
  const capped = config.deployments.some(({ params }) => params.rpm !== undefined || params.tpm !== undefined);
  return {
    strategy: strategyFor(name, router.routing_strategy_args),
    trackStats: name !== 'simple-shuffle' || capped,
    tagFiltering: router.enable_tag_filtering === true,
    preCallChecks: router.enable_pre_call_checks === true,
    latency: {
      latencySamples: router.routing_strategy_args?.max_latency_list_size,
      latencyTtlMs:
        router.routing_strategy_args?.ttl === undefined ? undefined : router.routing_strategy_args.ttl * 1000,
    },
  };
}
