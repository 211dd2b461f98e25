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

/** Headers for any server that authenticates as OpenAI does. */
export function openAiHeaders(target: DeploymentTarget): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  const organization = target.params.organization;
  if (typeof organization === 'string') headers['openai-organization'] = organization;
  return headers;
}

// o-series and gpt-5 models refuse `max_tokens` ("use 'max_completion_tokens' instead"); LiteLLM
// renames it for them: https://platform.openai.com/docs/guides/reasoning
const REASONING_MODEL = /^(o\d|gpt-5)/;

function withTokenLimitFor(model: string, body: ChatRequest): ChatRequest {
  if (!REASONING_MODEL.test(model) || body.max_tokens === undefined || body.max_tokens === null) return body;
  const { max_tokens: maxTokens, ...rest } = body;
  return { ...rest, max_completion_tokens: body.max_completion_tokens ?? maxTokens };
}

/** `api_base` joined with an API path. */
export function openAiEndpoint(target: DeploymentTarget, path: string): string {
  return `${target.apiBase.replace(/\/+$/, '')}${path}`;
}

/** Translation for OpenAI itself and for any server that speaks its API. */
export const openAiAdapter: ProviderAdapter = {
  provider: 'openai',
  capabilities: { chat: true, stream: true, embeddings: true },

  buildChatRequest(request: ChatRequest, target: DeploymentTarget): UpstreamRequest {
    // Everything else passes through: the canonical shape is OpenAI's, reasoning fields included.
    const body = withTokenLimitFor(target.providerModel, { ...request, model: target.providerModel });
    // Usage is always requested so that every stream can be accounted for.
    if (body.stream) body.stream_options = { ...body.stream_options, include_usage: true };
    return {
      method: 'POST',
      url: openAiEndpoint(target, '/chat/completions'),
      headers: openAiHeaders(target),
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
    return { method: 'POST', url: openAiEndpoint(target, '/embeddings'), headers: openAiHeaders(target), body };
  },

  parseEmbeddingResponse(response: UpstreamResponse) {
    const embedding = response.body as EmbeddingResponse;
    return { embedding, usage: fromOpenAiUsage({ ...embedding.usage, completion_tokens: 0 }) };
  },

  mapError: mapOpenAiError,
};
