import { ChatCompletion, ChatRequest, EmbeddingRequest, EmbeddingResponse } from './canonical.types';
import {
  Capabilities,
  DeploymentTarget,
  StreamStep,
  Timeouts,
  UpstreamRequest,
  UpstreamResponse,
} from './provider-adapter';
import { TokenUsage } from './token-usage';

export interface ChatResult {
  completion: ChatCompletion;
  usage: TokenUsage;
}

export interface EmbeddingResult {
  embedding: EmbeddingResponse;
  usage: TokenUsage;
}

/**
 * What provider-workers calls, whatever the provider's transport: HTTP providers compose an
 * adapter with the shared transport (HttpProviderClient); SDK-based ones (Bedrock) implement it
 * directly. Failures are thrown as GatewayFailure.
 */
export interface ProviderClient {
  readonly provider: string;
  readonly capabilities: Capabilities;
  chat(request: ChatRequest, target: DeploymentTarget, signal?: AbortSignal): Promise<ChatResult>;
  /** Steps in order; the last one that carries usage is the stream's usage. */
  chatStream(request: ChatRequest, target: DeploymentTarget, signal?: AbortSignal): AsyncIterable<StreamStep>;
  embed(request: EmbeddingRequest, target: DeploymentTarget, signal?: AbortSignal): Promise<EmbeddingResult>;
}

export type StreamOpen = { ok: true; events: AsyncIterable<string> } | { ok: false; response: UpstreamResponse };

/** The pooled HTTP client every HTTP provider shares; implemented by provider-workers. */
export interface HttpTransport {
  sendJson(request: UpstreamRequest, timeouts: Timeouts, signal?: AbortSignal): Promise<UpstreamResponse>;
  /** Opens a server-sent-events stream; a non-2xx answer comes back whole for error mapping. */
  openEventStream(request: UpstreamRequest, timeouts: Timeouts, signal?: AbortSignal): Promise<StreamOpen>;
}
