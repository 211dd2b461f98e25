import { common } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { ChatCompletion, ChatRequest, EmbeddingRequest, EmbeddingResponse } from '@gatehouse/providers-core';
import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayFields, splitGatewayFields } from './gateway-fields';
import { Payload } from './payload';
import { Invoked, ProviderInvoker } from './ports/provider-invoker';
import { RequestContext } from './request-context';
import { requestFor } from './resilience/attempt-request';
import { Attempts, NextAttempt } from './resilience/attempts';
import { answered, failedAfter } from './routing/finished-call';
import { ResilienceSettings } from './resilience/resilience-settings';
import { CACHE_SERVED, invokeContext, servedBy } from './served';
import { Admission, AdmissionService } from './stages/admission';
import { GuardStage } from './stages/guard';
import { GuardPlan } from './stages/guard-plan';
import { ReservationEstimator } from './stages/reservation-estimator';
import { CachePlan, ResponseCacheStage } from './stages/response-cache';
import { DeploymentRouter, RouteHints } from './stages/route';
import { countChatPromptTokens } from './stages/token-counter';
import { upstreamRefusal } from './stages/upstream-refusal';
import { CallOutcome, UsageRecorder } from './stages/usage-recorder';

export interface Answer<T> {
  body: Payload<T>;
  served: common.Served;
  /** Remaining rate-limit quota, for the response. */
  headers: Record<string, string>;
}

/** The stages every call goes through; the streaming pipeline shares them. */
export interface PipelineStages {
  router: DeploymentRouter;
  resilience: ResilienceSettings;
  admission: AdmissionService;
  reservations: ReservationEstimator;
  guard: GuardStage;
  /** Present when `litellm_settings.cache` is on. */
  cache?: ResponseCacheStage;
  invoker: ProviderInvoker;
  usage: UsageRecorder;
}

/** One non-streaming call, as `run` needs it. */
interface Call<T> {
  outcome: CallOutcome;
  fields: GatewayFields;
  /** What the provider is sent, without the gateway's own fields. */
  request: object;
  reservation: (attempt: NextAttempt) => number;
  /** `request` is what the guardrails let through: the call's own, or masked. */
  invoke: (attempt: NextAttempt, request: object) => Promise<Invoked<T>>;
  guard?: CallGuard<T>;
  /** Counts the prompt, for context-window checks and rpm/tpm headroom. */
  promptTokens?: () => number;
}

/** A call's guardrails, as `run` applies them. */
interface CallGuard<T> {
  /** The request the provider gets, once the guardrails that answer first have passed (or masked) it. */
  request: (request: object) => Promise<object>;
  /** Started with the provider call and awaited before the answer goes out. */
  alongside: (request: object) => Promise<void> | undefined;
  /** The answer the client gets, checked and perhaps masked. */
  answer: (body: Payload<T>) => Promise<Payload<T>>;
}

/**
 * Non-streaming calls: route (choose the deployment), admit (priced on it), guard the request,
 * answer from the cache or invoke (retrying and falling back as configured), guard the answer,
 * then record usage and settle, answer or fail.
 */
export class CompletionPipeline {
  constructor(private readonly stages: PipelineStages) {}

  chat(
    ctx: RequestContext,
    given: ChatRequest,
    bodyBytes: Buffer,
    route: CallOutcome['route'] = 'chat.completions',
  ): Promise<Answer<ChatCompletion>> {
    const { invoker } = this.stages;
    const context = invokeContext(ctx);
    const { request, fields } = splitGatewayFields(given);
    const outcome: CallOutcome = { route, model: request.model, stream: false };
    const plan = this.guardPlanFor(ctx, outcome, context, fields);
    return this.run(ctx, {
      outcome,
      fields,
      request,
      reservation: (first) => this.stages.reservations.forChat(requestFor(request, first), bodyBytes, first.deployment),
      invoke: (attempt, sent) =>
        invoker.chat({
          context,
          deploymentId: attempt.deployment.id,
          request: requestFor(sent as ChatRequest, attempt),
        }),
      promptTokens: () => countChatPromptTokens(request.messages),
      guard: plan && {
        request: (sent) => plan.guardRequest(sent as ChatRequest),
        alongside: (sent) => plan.checkAlongside(sent as ChatRequest),
        answer: (body) => plan.guardAnswer(body),
      },
    });
  }

  /** The call's guardrails, their outcomes kept on the outcome for the usage event; undefined when none apply. */
  guardPlanFor(
    ctx: RequestContext,
    outcome: CallOutcome,
    context: ReturnType<typeof invokeContext>,
    fields: GatewayFields,
  ): GuardPlan | undefined {
    const plan = this.stages.guard.planFor(ctx.principal, context, outcome.model, fields.guardrails);
    if (plan) outcome.guardrails = plan.records;
    return plan;
  }

  embed(ctx: RequestContext, given: EmbeddingRequest, bodyBytes: Buffer): Promise<Answer<EmbeddingResponse>> {
    const { request, fields } = splitGatewayFields(given);
    const context = invokeContext(ctx);
    return this.run(ctx, {
      outcome: { route: 'embeddings', model: request.model, stream: false },
      fields,
      request,
      reservation: (first) => this.stages.reservations.forEmbedding(bodyBytes, first.deployment),
      invoke: (attempt) =>
        this.stages.invoker.embed({
          context,
          deploymentId: attempt.deployment.id,
          request: requestFor(request, attempt),
        }),
    });
  }

  /** The tries of one request, from its own fields and the config's retries and fallbacks. */
  attemptsFor(ctx: RequestContext, outcome: CallOutcome, fields: GatewayFields, prompt?: () => number): Attempts {
    const { router, resilience } = this.stages;
    const pin = ctx.pinnedDeployment;
    if (pin !== undefined && !ctx.principal.admin && ctx.principal.kind !== 'master')
      throw new GatewayFailure('permission_denied', 'x-gatehouse-deployment needs the master key or an admin key', {
        param: 'x-gatehouse-deployment',
      });
    const hints: RouteHints = {
      tags: fields.tags,
      pin,
      stream: outcome.stream,
      promptTokens: prompt && once(prompt),
    };
    return new Attempts(router, resilience, ctx.principal, outcome.model, hints, fields);
  }

  /** How this request uses the response cache; undefined when it does not (or no cache is configured). */
  cachePlanFor(
    ctx: RequestContext,
    outcome: CallOutcome,
    first: NextAttempt,
    request: object,
    fields: GatewayFields,
  ): CachePlan | undefined {
    // A pinned call is a question to one deployment: an answer from elsewhere would not do.
    if (!this.stages.cache || ctx.pinnedDeployment !== undefined) return undefined;
    return this.stages.cache.plan({
      principal: ctx.principal,
      route: outcome.route,
      model: first.model,
      tags: fields.tags,
      stream: outcome.stream,
      request,
      directives: fields.cache,
      cacheControl: ctx.cacheControl,
    });
  }

  /** The call is over: its usage event goes out and its reservation becomes its real cost. */
  finish(ctx: RequestContext, outcome: CallOutcome, admission: Admission | undefined): void {
    const costMicroUsd = this.stages.usage.record(ctx, outcome);
    admission?.settle({ costMicroUsd, totalTokens: outcome.usage?.totalTokens ?? 0 });
  }

  /** A failure is recorded (when it is the gateway's to report) and the reservation released. */
  private failed(ctx: RequestContext, outcome: CallOutcome, error: unknown, admission: Admission | undefined): unknown {
    if (error instanceof GatewayFailure) this.finish(ctx, { ...outcome, failure: error }, admission);
    else admission?.settle({ costMicroUsd: 0, totalTokens: 0 });
    return error;
  }

  private async run<T>(ctx: RequestContext, call: Call<T>): Promise<Answer<T>> {
    const { outcome } = call;
    let admission: Admission | undefined;
    const attempts = this.attemptsFor(ctx, outcome, call.fields, call.promptTokens);
    try {
      const first = attempts.first();
      // Counted against the group the name resolved to, so an alias cannot slip a model's limits.
      admission = await this.stages.admission.admit(ctx, first.model, () => call.reservation(first));
      const { guard } = call;
      const sent = guard ? await guard.request(call.request) : call.request;
      const alongside = guard?.alongside(sent);
      const plan = this.cachePlanFor(ctx, outcome, first, call.request, call.fields);
      const cached = plan && (await this.stages.cache!.read(plan, invokeContext(ctx)));
      outcome.cacheLookup = plan?.semantic?.lookup;
      if (cached) {
        const body = Payload.fromJson<T>(cached.toString());
        await alongside;
        const answer = guard ? await guard.answer(body) : body;
        // Costs nothing (but a semantic lookup's embedding) and counts no tokens: the answer was paid for when it was first given.
        outcome.served = CACHE_SERVED;
        this.finish(ctx, outcome, admission);
        return { body: answer, served: CACHE_SERVED, headers: admission.headers };
      }
      const { body, usage } = await this.untilAnswered(first, attempts, outcome, (attempt) =>
        call.invoke(attempt, sent),
      );
      // Known before the answer is checked: an answer a guardrail blocks was still paid for.
      outcome.usage = usage;
      await alongside;
      const answer = guard ? await guard.answer(body) : body;
      this.finish(ctx, outcome, admission);
      if (plan) this.stages.cache!.write(plan, () => answer.text());
      return { body: answer, served: outcome.served!, headers: admission.headers };
    } catch (error) {
      throw this.failed(ctx, outcome, error, admission);
    }
  }

  /** Tries deployments until one answers, or the last failure when retries and fallbacks run out. */
  private async untilAnswered<T>(
    first: NextAttempt,
    attempts: Attempts,
    outcome: CallOutcome,
    invoke: (attempt: NextAttempt) => Promise<Invoked<T>>,
  ): Promise<Invoked<T>> {
    const { stats } = this.stages.router;
    for (let next: NextAttempt | undefined = first; ;) {
      const { deployment } = next;
      outcome.served = servedBy(deployment, attempts.count);
      outcome.deployment = deployment;
      const startedAt = performance.now();
      stats?.started(deployment.id);
      try {
        const answer = await invoke(next);
        stats?.finished(deployment.id, answered(performance.now() - startedAt, answer.usage));
        return answer;
      } catch (error) {
        const latencyMs = performance.now() - startedAt;
        const failure = upstreamRefusal(error, deployment);
        stats?.finished(deployment.id, failedAfter(latencyMs, failure));
        if (!(failure instanceof GatewayFailure)) throw failure;
        next = attempts.next(deployment, failure, latencyMs);
        outcome.failedAttempts = attempts.failed;
        if (!next) throw failure;
        if (next.waitMs > 0) await sleep(next.waitMs);
      }
    }
  }
}

/** `count` evaluated at most once, and only when asked. */
function once(count: () => number): () => number {
  let counted: number | undefined;
  return () => (counted ??= count());
}
