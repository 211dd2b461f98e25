import {
  ChatCompletion,
  ChatRequest,
  DeploymentTarget,
  EmbeddingRequest,
  EmbeddingResponse,
  fromOpenAiUsage,
  ProviderAdapter,
  UpstreamRequest,
  UpstreamResponse,
} from '@gatehouse/providers-core';
import { mapOpenAiError } from './openai.errors';
import { createOpenAiStreamParser } from './openai.stream';

function headersFor(target: DeploymentTarget): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  const organization = target.params.organization;
  if (typeof organization === 'string') headers['openai-organization'] = organization;
  return headers;
}

function endpoint(target: DeploymentTarget, path: string): string {
  return `${target.apiBase.replace(/\/+$/, '')}${path}`;
}

/** Translation for OpenAI itself and for any server that speaks its API. */
export const openAiAdapter: ProviderAdapter = {
  provider: 'openai',
  capabilities: { chat: true, stream: true, embeddings: true },

  buildChatRequest(request: ChatRequest, target: DeploymentTarget): UpstreamRequest {
    const body: ChatRequest = { ...request, model: target.providerModel };
    // Usage is always requested so that every stream can be accounted for.
    if (body.stream) body.stream_options = { ...body.stream_options, include_usage: true };
    return {
      method: 'POST',
      url: endpoint(target, '/chat/completions'),
      headers: headersFor(target),
      body: JSON.stringify(body),
    };
  },

  parseChatResponse(response: UpstreamResponse) {
    const completion = response.body as ChatCompletion;
    return { completion, usage: fromOpenAiUsage(completion.usage) };
  },

  createStreamParser: createOpenAiStreamParser,

  buildEmbeddingRequest(request: EmbeddingRequest, target: DeploymentTarget): UpstreamRequest {
    const body = JSON.stringify({ ...request, model: target.providerModel });
    return { method: 'POST', url: endpoint(target, '/embeddings'), headers: headersFor(target), body };
  },

  parseEmbeddingResponse(response: UpstreamResponse) {
    const embedding = response.body as EmbeddingResponse;
    return { embedding, usage: fromOpenAiUsage({ ...embedding.usage, completion_tokens: 0 }) };
  },

  mapError: mapOpenAiError,
};
