import {
  ChatRequest,
  DeploymentTarget,
  EmbeddingRequest,
  keepSupported,
  ProviderAdapter,
  UpstreamRequest,
} from '@gatehouse/providers-core';
import { openAiAdapter, openAiEndpoint, openAiHeaders } from '@gatehouse/providers-openai';
import { mapMistralError } from './mistral.errors';

// Mistral refuses fields it does not know (422 "Extra inputs are not permitted"), so only these pass.
// https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post
const CHAT_FIELDS = new Set([
  'model',
  'messages',
  'temperature',
  'top_p',
  'max_tokens',
  'stream',
  'stop',
  'random_seed',
  'response_format',
  'tools',
  'tool_choice',
  'presence_penalty',
  'frequency_penalty',
  'n',
  'parallel_tool_calls',
  'prediction',
  'safe_prompt',
]);
const EMBEDDING_FIELDS = new Set(['model', 'input', 'encoding_format', 'output_dimension', 'output_dtype']);

/** OpenAI's names for what Mistral calls differently. */
function toMistralChat(request: ChatRequest): ChatRequest {
  const { seed, max_completion_tokens: maxCompletion, ...rest } = request;
  const body: ChatRequest = { ...rest };
  // Mistral always reports usage in a stream's last chunk, and refuses stream_options.
  delete body.stream_options;
  if (seed !== undefined && seed !== null) body.random_seed ??= seed;
  if (maxCompletion !== undefined && maxCompletion !== null) body.max_tokens ??= maxCompletion;
  // Mistral's name for "must call a tool" is 'any'.
  if (body.tool_choice === 'required') body.tool_choice = 'any';
  return body;
}

function toMistralEmbedding(request: EmbeddingRequest): EmbeddingRequest {
  const { dimensions, ...rest } = request;
  return dimensions === undefined ? rest : { ...rest, output_dimension: dimensions };
}

function post(target: DeploymentTarget, path: string, body: object, dropped: string[]): UpstreamRequest {
  const url = openAiEndpoint(target, path);
  return { method: 'POST', url, headers: openAiHeaders(target), body: JSON.stringify(body), dropped };
}

/** Mistral La Plateforme: OpenAI's wire format with its own parameter names and error body. */
export const mistralAdapter: ProviderAdapter = {
  ...openAiAdapter,
  provider: 'mistral',

  buildChatRequest(request, target) {
    const mapped = { ...toMistralChat(request), model: target.providerModel };
    const { request: body, dropped } = keepSupported(mapped, CHAT_FIELDS, target);
    return post(target, '/chat/completions', body, dropped);
  },

  buildEmbeddingRequest(request, target) {
    const mapped = { ...toMistralEmbedding(request), model: target.providerModel };
    const { request: body, dropped } = keepSupported(mapped, EMBEDDING_FIELDS, target);
    return post(target, '/embeddings', body, dropped);
  },

  mapError: mapMistralError,
};
