import { GatewayConfig } from '@gatehouse/config';
import { RoutingStrategy } from './strategies/routing-strategy';
import { strategyFor } from './strategies/strategy-for';

export interface RoutingSettings {
  strategy: RoutingStrategy;
  /** Calls are counted only when something reads the counts: a strategy other than simple-shuffle, or a cap. */
  trackStats: boolean;
  tagFiltering: boolean;
  preCallChecks: boolean;
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
  };
}
