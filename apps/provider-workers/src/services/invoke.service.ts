import { Injectable } from '@nestjs/common';
import { asFailure, GatewayFailure, toWire } from '@gatehouse/errors';
import { ChatRequest, EmbeddingRequest, TokenUsage } from '@gatehouse/providers-core';
import { providerWorkers } from '@gatehouse/contracts';
import { Observable } from 'rxjs';
import { DeploymentCatalog, WorkerDeployment } from '../config/deployment-catalog';
import { UpstreamHttpRepository } from '../repositories/upstream-http.repository';
import { AdapterRegistry } from './adapter-registry';

type InvokeRequest = providerWorkers.InvokeRequest;
type InvokeResponse = providerWorkers.InvokeResponse;
type InvokeChunk = providerWorkers.InvokeChunk;

/** Calls one deployment and answers in canonical (OpenAI) form, failures included. */
@Injectable()
export class InvokeService {
  constructor(
    private readonly catalog: DeploymentCatalog,
    private readonly adapters: AdapterRegistry,
    private readonly http: UpstreamHttpRepository,
  ) {}

  async chat(request: InvokeRequest): Promise<InvokeResponse> {
    try {
      const { deployment, adapter } = this.resolve(request.deploymentId);
      const upstream = adapter.buildChatRequest(parseBody<ChatRequest>(request.body), deployment.target);
      const response = await this.http.sendJson(upstream, deployment.timeouts);
      if (response.status >= 400) throw adapter.mapError(response);
      const { completion, usage } = adapter.parseChatResponse(response);
      return { result: { body: Buffer.from(JSON.stringify(completion)), usage } };
    } catch (error) {
      return { error: toWire(asFailure(error)) };
    }
  }

  async embed(request: InvokeRequest): Promise<InvokeResponse> {
    try {
      const { deployment, adapter } = this.resolve(request.deploymentId);
      if (!adapter.capabilities.embeddings) {
        throw new GatewayFailure('bad_request', `provider '${adapter.provider}' does not offer embeddings`);
      }
      const upstream = adapter.buildEmbeddingRequest(parseBody<EmbeddingRequest>(request.body), deployment.target);
      const response = await this.http.sendJson(upstream, deployment.timeouts);
      if (response.status >= 400) throw adapter.mapError(response);
      const { embedding, usage } = adapter.parseEmbeddingResponse(response);
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
    const { deployment, adapter } = this.resolve(request.deploymentId);
    const upstream = adapter.buildChatRequest(
      { ...parseBody<ChatRequest>(request.body), stream: true },
      deployment.target,
    );
    const opened = await this.http.openEventStream(upstream, deployment.timeouts, signal);
    if (!opened.ok) throw adapter.mapError(opened.response);
    const parser = adapter.createStreamParser();
    let usage: TokenUsage | undefined;
    for await (const data of opened.events) {
      const step = parser.push(data);
      for (const chunk of step.chunks) emit({ chunk: Buffer.from(JSON.stringify(chunk)) });
      if (step.usage) usage = step.usage;
      if (step.done) break;
    }
    if (!usage) throw new GatewayFailure('upstream', 'upstream stream ended without reporting usage');
    emit({ usage });
  }

  private resolve(deploymentId: string): { deployment: WorkerDeployment; adapter: ReturnType<AdapterRegistry['get']> } {
    const deployment = this.catalog.get(deploymentId);
    return { deployment, adapter: this.adapters.get(deployment.target.provider) };
  }
}

function parseBody<T>(body: Buffer): T {
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    throw new GatewayFailure('bad_request', 'request body is not valid JSON');
  }
}
