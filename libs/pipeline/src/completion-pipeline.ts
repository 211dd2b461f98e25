import { common } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { ChatCompletion, ChatRequest, EmbeddingRequest, EmbeddingResponse } from '@gatehouse/providers-core';
import { RoutedDeployment } from './catalog/model-catalog';
import { Payload } from './payload';
import { Invoked, ProviderInvoker } from './ports/provider-invoker';
import { RequestContext } from './request-context';
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
  admission: AdmissionService;
  reservations: ReservationEstimator;
  guard: GuardStage;
  invoker: ProviderInvoker;
  usage: UsageRecorder;
}

/**
 * Non-streaming calls: route (choose the deployment), admit (priced on it), guard the request,
 * invoke, guard the answer, then record usage and settle, answer or fail. Retries and fallbacks
 * plug in around `invoke`.
 */
export class CompletionPipeline {
  constructor(private readonly stages: PipelineStages) {}

  chat(
    ctx: RequestContext,
    request: ChatRequest,
    bodyBytes: Buffer,
    route: CallOutcome['route'] = 'chat.completions',
  ): Promise<Answer<ChatCompletion>> {
    const { guard, invoker } = this.stages;
    const context = invokeContext(ctx);
    return this.run(
      ctx,
      { route, model: request.model, stream: false },
      (deployment) => this.stages.reservations.forChat(request, bodyBytes, deployment),
      (deploymentId) => invoker.chat({ context, deploymentId, request }),
      {
        before: guard.applies('pre_call') ? () => guard.checkRequest(context, request) : undefined,
        after: guard.applies('post_call')
          ? (body) => guard.checkAnswer(context, request.model, body.object())
          : undefined,
      },
    );
  }

  embed(ctx: RequestContext, request: EmbeddingRequest, bodyBytes: Buffer): Promise<Answer<EmbeddingResponse>> {
    return this.run(
      ctx,
      { route: 'embeddings', model: request.model, stream: false },
      (deployment) => this.stages.reservations.forEmbedding(bodyBytes, deployment),
      (deploymentId) => this.stages.invoker.embed({ context: invokeContext(ctx), deploymentId, request }),
    );
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
    reservation: (deployment: RoutedDeployment) => number,
    invoke: (deploymentId: string) => Promise<Invoked<T>>,
    guards: { before?: () => Promise<void>; after?: (body: Payload<T>) => Promise<void> } = {},
  ): Promise<Answer<T>> {
    let admission: Admission | undefined;
    try {
      const deployment = this.stages.router.choose(ctx.principal, outcome.model);
      admission = await this.stages.admission.admit(ctx, outcome.model, () => reservation(deployment));
      await guards.before?.();
      outcome.served = servedBy(deployment, 1);
      const { body, usage } = await invoke(deployment.id).catch((error: unknown) => {
        throw upstreamRefusal(error, deployment);
      });
      // Known before the answer is checked: an answer a guardrail blocks was still paid for.
      outcome.usage = usage;
      await guards.after?.(body);
      this.finish(ctx, outcome, admission);
      return { body, served: outcome.served, headers: admission.headers };
    } catch (error) {
      throw this.failed(ctx, outcome, error, admission);
    }
  }
}
