import { Injectable } from '@nestjs/common';
import { asFailure, GatewayFailure } from '@gatehouse/errors';
import { InvokeCall, Invoked, Payload, ProviderInvoker, StreamPiece } from '@gatehouse/pipeline';
import {
  ChatCompletion,
  ChatRequest,
  EmbeddingRequest,
  EmbeddingResponse,
  TokenUsage,
} from '@gatehouse/providers-core';
import { Observable } from 'rxjs';
import { DeploymentCatalog } from '../config/deployment-catalog';
import { ProviderRegistry } from './provider-registry';

/**
 * Calls one deployment and answers in canonical (OpenAI) form: the provider invoker, in-process.
 * The standalone composition calls it directly; provider-workers' gRPC controller serves it.
 */
@Injectable()
export class InvokeService implements ProviderInvoker {
  constructor(
    private readonly catalog: DeploymentCatalog,
    private readonly providers: ProviderRegistry,
  ) {}

  async chat(call: InvokeCall<ChatRequest>): Promise<Invoked<ChatCompletion>> {
    const target = this.catalog.get(call.deploymentId, call.request.model);
    const { completion, usage } = await this.providers.get(target.provider).chat(call.request, target);
    return { body: Payload.of(completion), usage };
  }

  async embed(call: InvokeCall<EmbeddingRequest>): Promise<Invoked<EmbeddingResponse>> {
    const target = this.catalog.get(call.deploymentId, call.request.model);
    const { embedding, usage } = await this.providers.get(target.provider).embed(call.request, target);
    return { body: Payload.of(embedding), usage };
  }

  /** Chunks as they come, then exactly one usage, or an error; unsubscribing aborts the upstream call. */
  chatStream(call: InvokeCall<ChatRequest>): Observable<StreamPiece> {
    return new Observable<StreamPiece>((subscriber) => {
      const abort = new AbortController();
      // A stream that has ended needs no abort, and abort() builds an AbortError with its stack.
      let ended = false;
      this.pumpStream(call, (piece) => subscriber.next(piece), abort.signal).then(
        () => {
          ended = true;
          subscriber.complete();
        },
        (error: unknown) => {
          ended = true;
          if (!abort.signal.aborted) subscriber.error(asFailure(error));
        },
      );
      return () => {
        if (!ended) abort.abort();
      };
    });
  }

  private async pumpStream(
    call: InvokeCall<ChatRequest>,
    emit: (piece: StreamPiece) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const target = this.catalog.get(call.deploymentId, call.request.model);
    const steps = this.providers.get(target.provider).chatStream(call.request, target, signal);
    let usage: TokenUsage | undefined;
    for await (const step of steps) {
      for (const chunk of step.chunks) emit({ chunk: Payload.of(chunk) });
      if (step.usage) usage = step.usage;
    }
    if (!usage) throw new GatewayFailure('upstream', 'upstream stream ended without reporting usage');
    emit({ usage });
  }
}
