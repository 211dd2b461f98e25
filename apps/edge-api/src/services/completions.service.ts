import { Injectable } from '@nestjs/common';
import { common } from '@gatehouse/contracts';
import { fromWire, GatewayFailure } from '@gatehouse/errors';
import { ChatRequest, EmbeddingRequest } from '@gatehouse/providers-core';
import { ModelDirectory } from '../config/model-directory';
import { RouterClient } from '../repositories/router.client';
import { RequestContext } from './request-context';
import { CallOutcome, UsageRecorder } from './usage-recorder';

export interface Answer {
  body: Buffer;
  served?: common.Served;
}

/** Non-streaming calls: check the model, route, record usage, answer or fail. */
@Injectable()
export class CompletionsService {
  constructor(
    private readonly models: ModelDirectory,
    private readonly router: RouterClient,
    private readonly usage: UsageRecorder,
  ) {}

  async chat(
    ctx: RequestContext,
    request: ChatRequest,
    rawBody: Buffer,
    route: CallOutcome['route'] = 'chat.completions',
  ): Promise<Answer> {
    const outcome = { route, model: request.model, stream: false };
    try {
      this.assertServed(ctx, request.model);
      const response = await this.router.complete({ context: wireContext(ctx), model: request.model, body: rawBody });
      if (!response.completion) throw fromWire(response.error ?? {});
      const { body, usage, served } = response.completion;
      this.usage.record(ctx, { ...outcome, usage, served });
      return { body, served };
    } catch (error) {
      throw this.failed(ctx, outcome, error);
    }
  }

  async embed(ctx: RequestContext, request: EmbeddingRequest, rawBody: Buffer): Promise<Answer> {
    const outcome = { route: 'embeddings' as const, model: request.model, stream: false };
    try {
      this.assertServed(ctx, request.model);
      const response = await this.router.embed({ context: wireContext(ctx), model: request.model, body: rawBody });
      if (!response.embedding) throw fromWire(response.error ?? {});
      const { body, usage, served } = response.embedding;
      this.usage.record(ctx, { ...outcome, usage, served });
      return { body, served };
    } catch (error) {
      throw this.failed(ctx, outcome, error);
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

  private failed(ctx: RequestContext, outcome: CallOutcome, error: unknown): unknown {
    if (error instanceof GatewayFailure) this.usage.record(ctx, { ...outcome, failure: error });
    return error;
  }
}

export function wireContext(ctx: RequestContext): common.RequestContext {
  return { requestId: ctx.requestId, traceparent: ctx.traceparent, principal: ctx.principal };
}
