import { Injectable } from '@nestjs/common';
import { UsageEventV1 } from '@gatehouse/contracts';
import { parseBudgetDuration, windowStartMs } from '@gatehouse/governance';
import { SpendCharge, SpendRepository, SpendScope } from '../repositories/spend.repository';

/**
 * Keeps each key's, user's and team's spend for its current budget window in Postgres, from
 * usage.v1: the durable side of the Redis counters that edge-api checks on every call.
 */
@Injectable()
export class SpendService {
  constructor(private readonly repository: SpendRepository) {}

  async apply(events: UsageEventV1[]): Promise<number> {
    // A batch may hold the same event twice (at-least-once delivery); it is charged once. An event
    // with no key, user or team (the master key) has no budget to charge and costs no query.
    const billable = [...new Map(events.filter(chargesSomeone).map((e) => [e.request_id, e] as const)).values()];
    if (billable.length === 0) return 0;
    return this.repository.apply(
      billable.map((event) => event.request_id),
      (fresh) => billable.filter((event) => fresh.has(event.request_id)).flatMap(chargesOf),
    );
  }
}

function chargesSomeone({ cost_micro_usd: cost, principal }: UsageEventV1): boolean {
  return cost > 0 && Boolean(principal.key_id || principal.user_id || principal.team_id);
}

function chargesOf(event: UsageEventV1): SpendCharge[] {
  const at = Date.parse(event.occurred_at);
  const windowStart = (anchor: Date, duration: string | null) =>
    new Date(windowStartMs(anchor.getTime(), duration ? (parseBudgetDuration(duration) ?? 0) : 0, at));
  const { principal } = event;
  const owners: [SpendScope, string | undefined][] = [
    ['key', principal.key_id],
    ['user', principal.user_id],
    ['team', principal.team_id],
  ];
  return owners
    .filter((owner): owner is [SpendScope, string] => Boolean(owner[1]))
    .map(([scope, ref]) => ({ scope, ref, microUsd: event.cost_micro_usd, windowStart }));
}
