import { GatewayFailure } from '@gatehouse/errors';
import { ChatRequest, DeploymentTarget, ProviderAdapter, UpstreamRequest } from '@gatehouse/providers-core';
import { mapAnthropicError } from './anthropic.errors';
import { toAnthropicRequest } from './anthropic.request';
import { fromAnthropicMessage } from './anthropic.response';
import { createAnthropicStreamParser } from './anthropic.stream';

/** Where LiteLLM sends `anthropic/` models when no api_base is configured. */
export const DEFAULT_API_BASE = 'https://api.anthropic.com';
/** The Messages API version this mapping is written against (https://docs.anthropic.com/en/api/versioning). */
export const ANTHROPIC_VERSION = '2023-06-01';

/**
 * `api_base` is the API's origin (or a proxy path in front of it); like LiteLLM, one that
 * already ends in /v1/messages is used as it is.
 */
export function messagesUrl(target: Pick<DeploymentTarget, 'apiBase'>): string {
  const base = (target.apiBase || DEFAULT_API_BASE).replace(/\/+$/, '');
  return base.endsWith('/v1/messages') ? base : `${base}/v1/messages`;
}

function headersFor(target: DeploymentTarget): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
    'anthropic-version': ANTHROPIC_VERSION,
  };
  if (target.apiKey) headers['x-api-key'] = target.apiKey;
  return headers;
}

function noEmbeddings(): never {
  throw new GatewayFailure('bad_request', "provider 'anthropic' does not offer embeddings", { param: 'model' });
}

/** Translation between OpenAI's Chat Completions and Anthropic's Messages API. */
export const anthropicAdapter: ProviderAdapter = {
  provider: 'anthropic',
  capabilities: { chat: true, stream: true, embeddings: false },

  buildChatRequest(request: ChatRequest, target: DeploymentTarget): UpstreamRequest {
    const { body, dropped } = toAnthropicRequest(request, target);
    return {
      method: 'POST',
      url: messagesUrl(target),
      headers: headersFor(target),
      body: JSON.stringify(body),
      dropped,
    };
  },

  parseChatResponse: (response) => fromAnthropicMessage(response.body),
  createStreamParser: createAnthropicStreamParser,
  buildEmbeddingRequest: noEmbeddings,
  parseEmbeddingResponse: noEmbeddings,
  mapError: mapAnthropicError,
};
