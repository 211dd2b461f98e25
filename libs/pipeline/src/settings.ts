import { GatewayConfig } from '@gatehouse/config';
import { dollarsToMicroUsd } from '@gatehouse/governance';

/** The `gatehouse.budgets` and `gatehouse.rate_limits` settings, in the units the pipeline works in. */
export interface GovernanceSettings {
  reservationCeilingMicroUsd: number;
  reservationLeaseMs: number;
  onRedisError: { budgets: 'closed' | 'open'; rateLimits: 'open' | 'closed' };
}

export function governanceSettingsFrom(config: GatewayConfig): GovernanceSettings {
  const { budgets, rate_limits: rateLimits } = config.gatehouse;
  return {
    reservationCeilingMicroUsd: dollarsToMicroUsd(budgets.reservation_ceiling_usd),
    reservationLeaseMs: budgets.reservation_lease_seconds * 1000,
    onRedisError: { budgets: budgets.on_redis_error, rateLimits: rateLimits.on_redis_error },
  };
}
