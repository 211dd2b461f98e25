import { RouterSettings } from '@gatehouse/config';
import { LeastBusy } from './least-busy';
import { LowestCost } from './lowest-cost';
import { LowestLatency } from './lowest-latency';
import { RoutingStrategy } from './routing-strategy';
import { SimpleShuffle } from './simple-shuffle';
import { UsageBased } from './usage-based';

export type RoutingStrategyName = NonNullable<RouterSettings['routing_strategy']>;
export type RoutingStrategyArgs = RouterSettings['routing_strategy_args'];

/** The strategy `router_settings.routing_strategy` names; LiteLLM's default, simple-shuffle, without one. */
export function strategyFor(
  name: RoutingStrategyName = 'simple-shuffle',
  args: RoutingStrategyArgs = {},
): RoutingStrategy {
  switch (name) {
    case 'simple-shuffle':
      return new SimpleShuffle();
    case 'least-busy':
      return new LeastBusy();
    case 'latency-based-routing':
      return new LowestLatency(args.lowest_latency_buffer);
    case 'usage-based-routing':
    case 'usage-based-routing-v2':
      return new UsageBased();
    case 'cost-based-routing':
      return new LowestCost();
  }
}
