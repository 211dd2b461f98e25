import { Injectable } from '@nestjs/common';
import { providerWorkers } from '@gatehouse/contracts';
import { asFailure, GatewayFailure, toWire } from '@gatehouse/errors';
import { ChatRequest, EmbeddingRequest, TokenUsage } from '@gatehouse/providers-core';
import { Observable } from 'rxjs';
import { DeploymentCatalog } from '../config/deployment-catalog';
import { ProviderRegistry } from './provider-registry';

type InvokeRequest = providerWorkers.InvokeRequest;
type InvokeResponse = providerWorkers.InvokeResponse;
type InvokeChunk = providerWorkers.InvokeChunk;

/** Calls one deployment and answers in canonical (OpenAI) form, failures included. */
@Injectable()
export class InvokeService {
  constructor(
    private readonly catalog: DeploymentCatalog,
    private readonly providers: ProviderRegistry,
  ) {}

  async chat(request: InvokeRequest): Promise<InvokeResponse> {
    try {
      const target = this.catalog.get(request.deploymentId);
      const { completion, usage } = await this.providers
        .get(target.provider)
        .chat(parseBody<ChatRequest>(request.body), target);
      return { result: { body: Buffer.from(JSON.stringify(completion)), usage } };
    } catch (error) {
      return { error: toWire(asFailure(error)) };
    }
  }

  async embed(request: InvokeRequest): Promise<InvokeResponse> {
    try {
      const target = this.catalog.get(request.deploymentId);
      const { embedding, usage } = await this.providers
        .get(target.provider)
        .embed(parseBody<EmbeddingRequest>(request.body), target);
      return { result: { body: Buffer.from(JSON.stringify(embedding)), usage } };
    } catch (error) {
      return { error: toWire(asFailure(error)) };
    }
  }

  /** Chunks as they come, then exactly one usage or one error; unsubscribing aborts the upstream call. */
  chatStream(request: InvokeRequest): Observable<InvokeChunk> {
    return new Observable<InvokeChunk>((subscriber) => {
      const abort = new AbortController();
      const emit = (chunk: InvokeChunk) => subscriber.next(chunk);
      this.pumpStream(request, emit, abort.signal)
        .catch((error: unknown) => {
          if (!abort.signal.aborted) emit({ error: toWire(asFailure(error)) });
        })
        .finally(() => subscriber.complete());
      return () => abort.abort();
    });
  }

  private async pumpStream(
    request: InvokeRequest,
    emit: (chunk: InvokeChunk) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const target = this.catalog.get(request.deploymentId);
    const steps = this.providers.get(target.provider).chatStream(parseBody<ChatRequest>(request.body), target, signal);
    let usage: TokenUsage | undefined;
    for await (const step of steps) {
      for (const chunk of step.chunks) emit({ chunk: Buffer.from(JSON.stringify(chunk)) });
      if (step.usage) usage = step.usage;
    }
    if (!usage) throw new GatewayFailure('upstream', 'upstream stream ended without reporting usage');
    emit({ usage });
  }
}

function parseBody<T>(body: Buffer): T {
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    throw new GatewayFailure('bad_request', 'request body is not valid JSON');
  }
}
