export { MemoryRoutingStats, MemoryRoutingStatsOptions } from './stats/memory-routing-stats';
export { RedisRoutingStats, RedisRoutingStatsOptions } from './stats/redis-routing-stats';
export { LatencyWindowOptions } from './stats/latency-window';
export { FinishedCall, MinuteUsage, RoutingStats } from './stats/routing-stats';
export { RoutingCandidate, RoutingContext, RoutingStrategy } from './strategies/routing-strategy';
export { RoutingStrategyArgs, RoutingStrategyName, strategyFor } from './strategies/strategy-for';
