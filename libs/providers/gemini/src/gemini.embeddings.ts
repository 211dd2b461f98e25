import { GatewayFailure } from '@gatehouse/errors';
import {
  DeploymentTarget,
  EmbeddingRequest,
  EmbeddingResponse,
  keepSupported,
  NO_USAGE,
  TokenUsage,
} from '@gatehouse/providers-core';
import { GeminiBatchEmbedRequest, GeminiBatchEmbedResponse } from './gemini.types';

/**
 * `encoding_format` is accepted but vectors always come back as float arrays: the response parser
 * is not told the requested format, and the openai SDKs (which ask for base64 by default) keep
 * float arrays as they are.
 */
const SUPPORTED = new Set(['model', 'input', 'encoding_format', 'dimensions', 'user']);

/** batchEmbedContents reports no token counts, so embedding usage is estimated at four characters a token. */
export const CHARS_PER_TOKEN = 4;

export function embeddingTextsOf(input: EmbeddingRequest['input']): string[] {
  const texts = typeof input === 'string' ? [input] : input;
  if (!Array.isArray(texts) || texts.length === 0 || !texts.every((text) => typeof text === 'string')) {
    throw new GatewayFailure('bad_request', "provider 'gemini' embeds text only: input must be a string or strings", {
      param: 'input',
      code: 'invalid_value',
    });
  }
  return texts;
}

export function estimateEmbeddingUsage(input: EmbeddingRequest['input']): TokenUsage {
  // Each input is tokenised on its own, so each rounds up on its own.
  const promptTokens = embeddingTextsOf(input).reduce((sum, text) => sum + Math.ceil(text.length / CHARS_PER_TOKEN), 0);
  return { ...NO_USAGE, promptTokens, totalTokens: promptTokens };
}

/** One batchEmbedContents request per input string, each naming the model as `models/<id>`. */
export function toGeminiEmbedRequest(
  original: EmbeddingRequest,
  target: Pick<DeploymentTarget, 'dropParams' | 'provider'>,
  model: string,
): { body: GeminiBatchEmbedRequest; dropped: string[] } {
  const { request, dropped } = keepSupported(original, SUPPORTED, target);
  const body: GeminiBatchEmbedRequest = {
    requests: embeddingTextsOf(request.input).map((text) => ({
      model: `models/${model}`,
      content: { parts: [{ text }] },
      ...(request.dimensions ? { outputDimensionality: request.dimensions } : {}),
    })),
  };
  return { body, dropped };
}

/** Vectors in request order; usage is left at zero for the client to estimate from the input. */
export function fromGeminiEmbedResponse(response: GeminiBatchEmbedResponse): {
  embedding: EmbeddingResponse;
  usage: TokenUsage;
} {
  const embeddings = response.embeddings;
  if (!Array.isArray(embeddings)) {
    throw new GatewayFailure('upstream', 'upstream embedding response has no embeddings', { upstreamStatus: 200 });
  }
  const embedding: EmbeddingResponse = {
    object: 'list',
    data: embeddings.map((item, index) => ({ object: 'embedding', index, embedding: item.values ?? [] })),
    model: '',
    usage: { prompt_tokens: 0, total_tokens: 0 },
  };
  return { embedding, usage: NO_USAGE };
}
