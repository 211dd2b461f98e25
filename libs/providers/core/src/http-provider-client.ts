import { GatewayFailure } from '@gatehouse/errors';
import { ChatRequest, EmbeddingRequest } from './canonical.types';
import { DeploymentTarget, ProviderAdapter, StreamStep, UpstreamRequest } from './provider-adapter';
import { ChatResult, EmbeddingResult, HttpTransport, ProviderClient } from './provider-client';

/** An HTTP provider: its pure adapter driven over the shared transport. */
export class HttpProviderClient implements ProviderClient {
  constructor(
    private readonly adapter: ProviderAdapter,
    private readonly transport: HttpTransport,
    private readonly onDropped: (provider: string, params: string[]) => void = () => undefined,
  ) {}

  get provider(): string {
    return this.adapter.provider;
  }

  get capabilities() {
    return this.adapter.capabilities;
  }

  async chat(request: ChatRequest, target: DeploymentTarget, signal?: AbortSignal): Promise<ChatResult> {
    const upstream = this.build(this.adapter.buildChatRequest({ ...request, stream: false }, target), target);
    const response = await this.transport.sendJson(upstream, target.timeouts, signal);
    if (response.status >= 400) throw this.adapter.mapError(response);
    return this.adapter.parseChatResponse(response, target);
  }

  async *chatStream(request: ChatRequest, target: DeploymentTarget, signal?: AbortSignal): AsyncIterable<StreamStep> {
    const upstream = this.build(this.adapter.buildChatRequest({ ...request, stream: true }, target), target);
    const opened = await this.transport.openEventStream(upstream, target.timeouts, signal);
    if (!opened.ok) throw this.adapter.mapError(opened.response);
    const parser = this.adapter.createStreamParser(target);
    for await (const data of opened.events) {
      const step = parser.push(data);
      yield step;
      if (step.done) return;
    }
  }

  async embed(request: EmbeddingRequest, target: DeploymentTarget, signal?: AbortSignal): Promise<EmbeddingResult> {
    if (!this.adapter.capabilities.embeddings) {
      throw new GatewayFailure('bad_request', `provider '${this.adapter.provider}' does not offer embeddings`, {
        param: 'model',
      });
    }
    const upstream = this.build(this.adapter.buildEmbeddingRequest(request, target), target);
    const response = await this.transport.sendJson(upstream, target.timeouts, signal);
    if (response.status >= 400) throw this.adapter.mapError(response);
    return this.adapter.parseEmbeddingResponse(response, target);
  }

  /** The deployment's `extra_headers` go on every call, over the adapter's own (LiteLLM does the same). */
  private build(upstream: UpstreamRequest, target: DeploymentTarget): UpstreamRequest {
    if (upstream.dropped?.length) this.onDropped(this.adapter.provider, upstream.dropped);
    const extra = target.params.extra_headers;
    if (!isHeaderMap(extra)) return upstream;
    return { ...upstream, headers: { ...upstream.headers, ...extra } };
  }
}

function isHeaderMap(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
}
