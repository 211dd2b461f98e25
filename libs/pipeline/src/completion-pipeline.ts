import { common } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { ChatCompletion, ChatRequest, EmbeddingRequest, EmbeddingResponse } from '@gatehouse/providers-core';
import { setTimeout as sleep } from 'node:timers/promises';
import { RoutedDeployment } from './catalog/model-catalog';
import { GatewayFields, splitGatewayFields } from './gateway-fields';
import { Payload } from './payload';
import { Invoked, ProviderInvoker } from './ports/provider-invoker';
import { RequestContext } from './request-context';
import { Attempts, NextAttempt } from './resilience/attempts';
import { ResilienceSettings } from './resilience/resilience-settings';
import { invokeContext, servedBy } from './served';
import { Admission, AdmissionService } from './stages/admission';
import { GuardStage } from './stages/guard';
import { ReservationEstimator } from './stages/reservation-estimator';
import { DeploymentRouter } from './stages/route';
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
  invoker: ProviderInvoker;
  usage: UsageRecorder;
}

/**
 * Non-streaming calls: route (choose the deployment), admit (priced on it), guard the request,
 * invoke (retrying and falling back as configured), guard the answer, then record usage and
 * settle, answer or fail.
 */
export class CompletionPipeline {
  constructor(private readonly stages: PipelineStages) {}

  chat(
    ctx: RequestContext,
    given: ChatRequest,
    bodyBytes: Buffer,
    route: CallOutcome['route'] = 'chat.completions',
  ): Promise<Answer<ChatCompletion>> {
    const { guard, invoker } = this.stages;
    const context = invokeContext(ctx);
    const { request, fields } = splitGatewayFields(given);
    return this.run(
      ctx,
      { route, model: request.model, stream: false },
      fields,
      (deployment) => this.stages.reservations.forChat(request, bodyBytes, deployment),
      (deployment) => invoker.chat({ context, deploymentId: deployment.id, request }),
      {
        before: guard.applies('pre_call') ? () => guard.checkRequest(context, request) : undefined,
        after: guard.applies('post_call')
          ? (body) => guard.checkAnswer(context, request.model, body.object())
          : undefined,
      },
    );
  }

  embed(ctx: RequestContext, given: EmbeddingRequest, bodyBytes: Buffer): Promise<Answer<EmbeddingResponse>> {
    const { request, fields } = splitGatewayFields(given);
    const context = invokeContext(ctx);
    return this.run(
      ctx,
      { route: 'embeddings', model: request.model, stream: false },
      fields,
      (deployment) => this.stages.reservations.forEmbedding(bodyBytes, deployment),
      (deployment) => this.stages.invoker.embed({ context, deploymentId: deployment.id, request }),
    );
  }

  /** The tries of one request, from its own fields and the config's retries and fallbacks. */
  attemptsFor(ctx: RequestContext, model: string, fields: GatewayFields): Attempts {
    const { router, resilience } = this.stages;
    return new Attempts(router, resilience, ctx.principal, model, {}, fields);
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

  private async run<T>(
    ctx: RequestContext,
    outcome: CallOutcome,
    fields: GatewayFields,
    reservation: (deployment: RoutedDeployment) => number,
    invoke: (deployment: RoutedDeployment) => Promise<Invoked<T>>,
    guards: { before?: () => Promise<void>; after?: (body: Payload<T>) => Promise<void> } = {},
  ): Promise<Answer<T>> {
    let admission: Admission | undefined;
    const attempts = this.attemptsFor(ctx, outcome.model, fields);
    try {
      const first = attempts.first();
      admission = await this.stages.admission.admit(ctx, outcome.model, () => reservation(first.deployment));
      await guards.before?.();
      const { body, usage } = await this.untilAnswered(first, attempts, outcome, invoke);
      // Known before the answer is checked: an answer a guardrail blocks was still paid for.
      outcome.usage = usage;
      await guards.after?.(body);
      this.finish(ctx, outcome, admission);
      return { body, served: outcome.served!, headers: admission.headers };
    } catch (error) {
      throw this.failed(ctx, outcome, error, admission);
    }
  }

  /** Tries deployments until one answers, or the last failure when retries and fallbacks run out. */
  private async untilAnswered<T>(
    first: NextAttempt,
    attempts: Attempts,
    outcome: CallOutcome,
    invoke: (deployment: RoutedDeployment) => Promise<Invoked<T>>,
  ): Promise<Invoked<T>> {
    for (let next: NextAttempt | undefined = first; ;) {
      const { deployment } = next;
      outcome.served = servedBy(deployment, attempts.count);
      const startedAt = performance.now();
      try {
        return await invoke(deployment);
      } catch (error) {
        const failure = upstreamRefusal(error, deployment);
        if (!(failure instanceof GatewayFailure)) throw failure;
        next = attempts.next(deployment, failure, performance.now() - startedAt);
        outcome.failedAttempts = attempts.failed;
        if (!next) throw failure;
        if (next.waitMs > 0) await sleep(next.waitMs);
      }
    }
  }
}
