import { GatewayFailure } from '@gatehouse/errors';
import {
  DeploymentTarget,
  EmbeddingRequest,
  EmbeddingResponse,
  keepSupported,
  NO_USAGE,
  TokenUsage,
} from '@gatehouse/providers-core';
import { CohereEmbedRequest, CohereEmbedResponse } from './cohere.types';

const SUPPORTED = new Set(['model', 'input', 'encoding_format', 'dimensions', 'input_type']);

/** LiteLLM's default: embeddings are usually stored for search, so texts are documents. */
const DEFAULT_INPUT_TYPE = 'search_document';

function toTexts(input: EmbeddingRequest['input']): string[] {
  const texts = typeof input === 'string' ? [input] : input;
  if (!Array.isArray(texts) || texts.length === 0 || !texts.every((text) => typeof text === 'string')) {
    throw new GatewayFailure('bad_request', "provider 'cohere' embeds text only: input must be a string or strings", {
      param: 'input',
    });
  }
  return texts;
}

/**
 * An OpenAI embeddings request as Cohere's v2 embed body. `input_type` (which Cohere's v3+ models
 * require) comes from the request, else the deployment's `input_type` param, else search_document.
 */
export function toCohereEmbedRequest(
  request: EmbeddingRequest,
  target: Pick<DeploymentTarget, 'providerModel' | 'dropParams' | 'provider' | 'params'>,
): { body: CohereEmbedRequest; dropped: string[] } {
  const { request: kept, dropped } = keepSupported(request, SUPPORTED, target);
  const inputType = kept.input_type ?? target.params.input_type;
  const body: CohereEmbedRequest = {
    model: target.providerModel,
    texts: toTexts(kept.input),
    input_type: typeof inputType === 'string' ? inputType : DEFAULT_INPUT_TYPE,
    embedding_types: ['float'],
  };
  if (typeof kept.dimensions === 'number') body.output_dimension = kept.dimensions;
  return { body, dropped };
}

/**
 * Cohere's embed response as OpenAI's; usage from the billed input tokens. Vectors are always
 * float arrays: the response parser is not told the requested encoding_format, and the openai SDKs
 * (which ask for base64 by default) accept float arrays as they are.
 */
export function fromCohereEmbedResponse(
  response: CohereEmbedResponse,
  model: string,
): { embedding: EmbeddingResponse; usage: TokenUsage } {
  const vectors = response.embeddings?.float;
  if (!Array.isArray(vectors)) {
    throw new GatewayFailure('upstream', 'upstream embed response has no float embeddings', { upstreamStatus: 200 });
  }
  const promptTokens = response.meta?.billed_units?.input_tokens ?? response.meta?.tokens?.input_tokens ?? 0;
  const embedding: EmbeddingResponse = {
    object: 'list',
    data: vectors.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: vector,
    })),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
  return { embedding, usage: { ...NO_USAGE, promptTokens, totalTokens: promptTokens } };
}
