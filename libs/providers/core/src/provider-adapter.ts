import { GatewayFailure } from '@gatehouse/errors';
import {
  ChatCompletion,
  ChatCompletionChunk,
  ChatRequest,
  EmbeddingRequest,
  EmbeddingResponse,
} from './canonical.types';
import { TokenUsage } from './token-usage';

export interface Timeouts {
  /** Until the response headers arrive. */
  requestMs: number;
  /** Between two pieces of a streamed body. */
  idleMs: number;
}

/** One configured upstream, with its secrets already resolved by the caller. */
export interface DeploymentTarget {
  id: string;
  provider: string;
  providerModel: string;
  apiBase: string;
  apiKey?: string;
  /** Parameters the provider cannot honour are dropped (and logged) instead of refused. */
  dropParams: boolean;
  timeouts: Timeouts;
  /** litellm_params as configured (api_version, aws_region_name, organization…). */
  params: Readonly<Record<string, unknown>>;
}

export interface UpstreamRequest {
  method: 'POST' | 'GET';
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Request fields removed under drop_params, for the caller to log. */
  dropped?: string[];
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** What a stream parser makes of one upstream event: chunks for the client, and usage when known. */
export interface StreamStep {
  chunks: ChatCompletionChunk[];
  usage?: TokenUsage;
  done?: boolean;
}

export interface StreamParser {
  /** Feeds one upstream stream event (an SSE `data` field, or a decoded frame). */
  push(data: string): StreamStep;
}

export interface Capabilities {
  chat: boolean;
  stream: boolean;
  embeddings: boolean;
}

/**
 * The pure half of an HTTP provider: request and response mapping, stream parsing, error mapping.
 * No I/O, no environment, no state beyond what a stream parser carries for one stream.
 */
export interface ProviderAdapter {
  readonly provider: string;
  readonly capabilities: Capabilities;
  buildChatRequest(request: ChatRequest, target: DeploymentTarget): UpstreamRequest;
  /** The target is given so an answer can name the model when the provider's does not. */
  parseChatResponse(
    response: UpstreamResponse,
    target: DeploymentTarget,
  ): { completion: ChatCompletion; usage: TokenUsage };
  createStreamParser(target: DeploymentTarget): StreamParser;
  buildEmbeddingRequest(request: EmbeddingRequest, target: DeploymentTarget): UpstreamRequest;
  parseEmbeddingResponse(
    response: UpstreamResponse,
    target: DeploymentTarget,
  ): { embedding: EmbeddingResponse; usage: TokenUsage };
  mapError(response: UpstreamResponse): GatewayFailure;
}
