import {
  DeploymentTarget,
  EmbeddingRequest,
  ChatRequest,
  ProviderAdapter,
  UpstreamRequest,
  UpstreamResponse,
} from '@gatehouse/providers-core';
import { fromCohereEmbedResponse, toCohereEmbedRequest } from './cohere.embed';
import { fromCohereError } from './cohere.errors';
import { toCohereChatRequest } from './cohere.request';
import { fromCohereChatResponse } from './cohere.response';
import { createCohereStreamParser } from './cohere.stream';
import { CohereChatResponse, CohereEmbedResponse } from './cohere.types';

const DEFAULT_API_BASE = 'https://api.cohere.com';

function headersFor(target: DeploymentTarget, stream: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
  };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  return headers;
}

function endpoint(target: DeploymentTarget, path: string): string {
  return `${(target.apiBase || DEFAULT_API_BASE).replace(/\/+$/, '')}${path}`;
}

/** Translation for Cohere's v2 API (LiteLLM prefixes `cohere/` and `cohere_chat/`). */
export const cohereAdapter: ProviderAdapter = {
  provider: 'cohere',
  capabilities: { chat: true, stream: true, embeddings: true },

  buildChatRequest(request: ChatRequest, target: DeploymentTarget): UpstreamRequest {
    const { body, dropped } = toCohereChatRequest(request, target);
    return {
      method: 'POST',
      url: endpoint(target, '/v2/chat'),
      headers: headersFor(target, body.stream),
      body: JSON.stringify(body),
      dropped,
    };
  },

  // Cohere answers do not name the model, so they are labelled with the deployment's.
  parseChatResponse(response: UpstreamResponse, target: DeploymentTarget) {
    return fromCohereChatResponse(response.body as CohereChatResponse, target.providerModel);
  },

  createStreamParser: (target: DeploymentTarget) => createCohereStreamParser(target.providerModel),

  buildEmbeddingRequest(request: EmbeddingRequest, target: DeploymentTarget): UpstreamRequest {
    const { body, dropped } = toCohereEmbedRequest(request, target);
    return {
      method: 'POST',
      url: endpoint(target, '/v2/embed'),
      headers: headersFor(target, false),
      body: JSON.stringify(body),
      dropped,
    };
  },

  parseEmbeddingResponse(response: UpstreamResponse, target: DeploymentTarget) {
    return fromCohereEmbedResponse(response.body as CohereEmbedResponse, target.providerModel);
  },

  mapError: fromCohereError,
};
