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

/**
 * Cohere answers do not name the model; this is what the `model` field of a translated answer says
 * (the adapter contract does not hand the deployment to the response parsers).
 */
const ANSWER_MODEL = 'cohere';

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

  parseChatResponse(response: UpstreamResponse) {
    return fromCohereChatResponse(response.body as CohereChatResponse, ANSWER_MODEL);
  },

  createStreamParser: () => createCohereStreamParser(ANSWER_MODEL),

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

  parseEmbeddingResponse(response: UpstreamResponse) {
    return fromCohereEmbedResponse(response.body as CohereEmbedResponse, ANSWER_MODEL);
  },

  mapError: fromCohereError,
};
