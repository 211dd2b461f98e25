import { Inject, Injectable } from '@nestjs/common';
import { common, Topics, UsageEventV1 } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { EventPublisher } from '@gatehouse/kafka';
import { NO_USAGE, TokenUsage } from '@gatehouse/providers-core';
import { randomUUID } from 'node:crypto';
import { PriceBook } from '../config/price-book';
import { RequestContext } from './request-context';

export interface CallOutcome {
  route: UsageEventV1['route'];
  model: string;
  stream: boolean;
  served?: common.Served;
  usage?: TokenUsage;
  failure?: GatewayFailure;
  disconnected?: boolean;
  firstTokenAt?: number;
}

/** One usage.v1 event per client request, success or not; publishing never waits on Kafka. */
@Injectable()
export class UsageRecorder {
  constructor(
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    private readonly prices: PriceBook,
  ) {}

  /** Publishes the call's usage event and returns its cost, which budgets are settled with. */
  record(ctx: RequestContext, outcome: CallOutcome): number {
    const usage = outcome.usage ?? NO_USAGE;
    const { principal } = ctx;
    const { served } = outcome;
    const event: UsageEventV1 = {
      schema: 'usage.v1',
      event_id: randomUUID(),
      occurred_at: new Date().toISOString(),
      request_id: ctx.requestId,
      traceparent: ctx.traceparent,
      principal: {
        kind: principal.kind,
        subject: principal.subject,
        key_alias: principal.keyAlias || undefined,
        key_id: principal.keyId || undefined,
        user_id: principal.userId || undefined,
        team_id: principal.teamId || undefined,
        org_id: principal.orgId || undefined,
      },
      route: outcome.route,
      model: outcome.model,
      deployment_id: served?.deploymentId || undefined,
      provider: served?.provider || undefined,
      provider_model: served?.providerModel || undefined,
      stream: outcome.stream,
      status: outcome.failure ? 'error' : outcome.disconnected ? 'client_disconnected' : 'success',
      http_status: outcome.failure ? outcome.failure.status : outcome.disconnected ? 499 : 200,
      error_kind: outcome.failure?.kind,
      attempts: served?.attempts ?? 0,
      cache_hit: served?.cacheHit ?? false,
      usage: {
        prompt_tokens: usage.promptTokens,
        completion_tokens: usage.completionTokens,
        total_tokens: usage.totalTokens,
        cached_prompt_tokens: usage.cachedPromptTokens,
        reasoning_tokens: usage.reasoningTokens,
      },
      cost_micro_usd: this.prices.costMicroUsd(served?.deploymentId, usage),
      latency_ms: round3(performance.now() - ctx.startedAt),
      time_to_first_token_ms: outcome.firstTokenAt ? round3(outcome.firstTokenAt - ctx.startedAt) : undefined,
    };
    this.publisher.publish(Topics.UsageV1, ctx.requestId, event, ctx.traceparent || undefined);
    return event.cost_micro_usd;
  }
}

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
