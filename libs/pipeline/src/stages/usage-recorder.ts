import { common, UsageEventV1 } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { NO_USAGE, TokenUsage } from '@gatehouse/providers-core';
import { randomUUID } from 'node:crypto';
import { RoutedDeployment } from '../catalog/model-catalog';
import { costMicroUsd } from '../catalog/pricing';
import { UsageSink } from '../ports/usage-sink';
import { RequestContext } from '../request-context';
import { FailedAttempt } from '../resilience/attempts';
import { GuardrailRecord } from './guard-plan';
import { SemanticLookup } from './response-cache';

export interface CallOutcome {
  route: UsageEventV1['route'];
  model: string;
  stream: boolean;
  served?: common.Served;
  /** The deployment `served` names, as routed: a wildcard one priced for the model it served. */
  deployment?: RoutedDeployment;
  usage?: TokenUsage;
  failure?: GatewayFailure;
  disconnected?: boolean;
  firstTokenAt?: number;
  /** Tries before the one the outcome describes; absent when the first try answered. */
  failedAttempts?: readonly FailedAttempt[];
  /** The semantic cache's embedding of the prompt, made whether or not it found an answer. */
  cacheLookup?: SemanticLookup;
  /** What each of the call's guardrails did, filled as they run. */
  guardrails?: readonly GuardrailRecord[];
}

/** One usage.v1 event per client request, success or not; recording never waits on the sink. */
export class UsageRecorder {
  constructor(private readonly sink: UsageSink) {}

  /** Records the call's usage event and returns its cost, which budgets are settled with. */
  record(ctx: RequestContext, outcome: CallOutcome): number {
    const usage = outcome.usage ?? NO_USAGE;
    const { principal } = ctx;
    const { served } = outcome;
    const price = outcome.deployment?.price;
    const lookup = outcome.cacheLookup;
    const lookupCost = lookup ? costMicroUsd(lookup.deployment.price, lookup.usage) : 0;
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
      cost_micro_usd: costMicroUsd(price, usage) + lookupCost,
      latency_ms: round3(performance.now() - ctx.startedAt),
      time_to_first_token_ms: outcome.firstTokenAt ? round3(outcome.firstTokenAt - ctx.startedAt) : undefined,
      failed_attempts: outcome.failedAttempts?.map((attempt) => ({
        deployment_id: attempt.deploymentId,
        model: attempt.model,
        error_kind: attempt.errorKind,
        latency_ms: round3(attempt.latencyMs),
      })),
      cache_lookup: lookup && {
        deployment_id: lookup.deployment.id,
        model: lookup.model,
        prompt_tokens: lookup.usage.promptTokens,
        cost_micro_usd: lookupCost,
        similarity: lookup.similarity,
      },
      guardrails: outcome.guardrails?.length ? outcome.guardrails.map(guardrailEntry) : undefined,
    };
    this.sink.record(event);
    return event.cost_micro_usd;
  }
}

function guardrailEntry(record: GuardrailRecord): NonNullable<UsageEventV1['guardrails']>[number] {
  return {
    name: record.name,
    stage: record.stage,
    outcome: record.outcome as NonNullable<UsageEventV1['guardrails']>[number]['outcome'],
    type: record.type,
    detail: record.detail,
    latency_ms: round3(record.latencyMs),
  };
}

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
