import { Injectable } from '@nestjs/common';
import { UsageEventV1 } from '@gatehouse/contracts';
import { SpendEventEntity } from '../repositories/spend-event.entity';
import { SpendEventsRepository } from '../repositories/spend-events.repository';

/** Applies usage events to the ledger, each exactly once in effect (keyed by request id). */
@Injectable()
export class LedgerService {
  constructor(private readonly spendEvents: SpendEventsRepository) {}

  apply(events: readonly UsageEventV1[]): Promise<number> {
    // Kafka redelivers whole batches; the same request twice in one batch would abort the insert.
    const unique = new Map(events.map((e) => [e.request_id, e]));
    return this.spendEvents.insertNew([...unique.values()].map(toRow));
  }
}

export function toRow(event: UsageEventV1): Omit<SpendEventEntity, 'id'> {
  return {
    requestId: event.request_id,
    eventId: event.event_id,
    occurredAt: new Date(event.occurred_at),
    principalKind: event.principal.kind,
    principalSubject: event.principal.subject,
    keyAlias: event.principal.key_alias ?? null,
    userId: event.principal.user_id ?? null,
    teamId: event.principal.team_id ?? null,
    orgId: event.principal.org_id ?? null,
    route: event.route,
    model: event.model,
    deploymentId: event.deployment_id ?? null,
    provider: event.provider ?? null,
    providerModel: event.provider_model ?? null,
    stream: event.stream,
    status: event.status,
    httpStatus: event.http_status,
    errorKind: event.error_kind ?? null,
    attempts: event.attempts,
    cacheHit: event.cache_hit,
    promptTokens: event.usage.prompt_tokens,
    completionTokens: event.usage.completion_tokens,
    totalTokens: event.usage.total_tokens,
    cachedPromptTokens: event.usage.cached_prompt_tokens ?? 0,
    reasoningTokens: event.usage.reasoning_tokens ?? 0,
    costMicroUsd: String(event.cost_micro_usd),
    latencyMs: event.latency_ms,
    timeToFirstTokenMs: event.time_to_first_token_ms ?? null,
  };
}
