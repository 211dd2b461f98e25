import { Injectable } from '@nestjs/common';
import { common } from '@gatehouse/contracts';
import { fromWire, GatewayFailure } from '@gatehouse/errors';
import { ChatRequest, EmbeddingRequest } from '@gatehouse/providers-core';
import { ModelDirectory } from '../config/model-directory';
import { RouterClient } from '../repositories/router.client';
import { Admission, AdmissionService } from './admission.service';
import { RequestContext } from './request-context';
import { ReservationEstimator } from './reservation-estimator';
import { CallOutcome, UsageRecorder } from './usage-recorder';

export interface Answer {
  body: Buffer;
  served?: common.Served;
  /** Remaining rate-limit quota, for the response. */
  headers: Record<string, string>;
}

/** Non-streaming calls: check the model, admit, route, record usage and settle, answer or fail. */
@Injectable()
export class CompletionsService {
  constructor(
    private readonly models: ModelDirectory,
    private readonly router: RouterClient,
    private readonly usage: UsageRecorder,
    private readonly admission: AdmissionService,
    private readonly reservations: ReservationEstimator,
  ) {}

  async chat(
    ctx: RequestContext,
    request: ChatRequest,
    rawBody: Buffer,
    route: CallOutcome['route'] = 'chat.completions',
  ): Promise<Answer> {
    const outcome: CallOutcome = { route, model: request.model, stream: false };
    let admission: Admission | undefined;
    try {
      this.assertServed(ctx, request.model);
      admission = await this.admission.admit(ctx, request.model, () => this.reservations.forChat(request, rawBody));
      const response = await this.router.complete({ context: wireContext(ctx), model: request.model, body: rawBody });
      if (!response.completion) throw fromWire(response.error ?? {});
      const { body, usage, served } = response.completion;
      this.finish(ctx, { ...outcome, usage, served }, admission);
      return { body, served, headers: admission.headers };
    } catch (error) {
      throw this.failed(ctx, outcome, error, admission);
    }
  }

  async embed(ctx: RequestContext, request: EmbeddingRequest, rawBody: Buffer): Promise<Answer> {
    const outcome: CallOutcome = { route: 'embeddings', model: request.model, stream: false };
    let admission: Admission | undefined;
    try {
      this.assertServed(ctx, request.model);
      admission = await this.admission.admit(
        ctx,
        request.model,
        this.reservations.forEmbedding(request.model, rawBody),
      );
      const response = await this.router.embed({ context: wireContext(ctx), model: request.model, body: rawBody });
      if (!response.embedding) throw fromWire(response.error ?? {});
      const { body, usage, served } = response.embedding;
      this.finish(ctx, { ...outcome, usage, served }, admission);
      return { body, served, headers: admission.headers };
    } catch (error) {
      throw this.failed(ctx, outcome, error, admission);
    }
  }

  /** Unknown and forbidden models are refused here, before any other service is called. */
  assertServed(ctx: RequestContext, model: string): void {
    if (!this.models.has(model)) {
      throw new GatewayFailure('not_found', `model '${model}' is not served by this gateway`, { param: 'model' });
    }
    const allowed = ctx.principal.models;
    if (allowed.length > 0 && !allowed.includes(model)) {
      throw new GatewayFailure('permission_denied', `this key may not use model '${model}'`, { param: 'model' });
    }
  }

  /** The call is over: its usage event goes out and its reservation becomes its real cost. */
  finish(ctx: RequestContext, outcome: CallOutcome, admission: Admission | undefined): void {
    const costMicroUsd = this.usage.record(ctx, outcome);
    admission?.settle({ costMicroUsd, totalTokens: outcome.usage?.totalTokens ?? 0 });
  }

  private failed(ctx: RequestContext, outcome: CallOutcome, error: unknown, admission: Admission | undefined): unknown {
    if (error instanceof GatewayFailure) this.finish(ctx, { ...outcome, failure: error }, admission);
    else admission?.settle({ costMicroUsd: 0, totalTokens: 0 });
    return error;
  }
}

/** What the router and workers need to know of the caller; its limits and budgets stay at the edge. */
export function wireContext(ctx: RequestContext): common.RequestContext {
  return { requestId: ctx.requestId, traceparent: ctx.traceparent, principal: { ...ctx.principal, scopes: [] } };
}
