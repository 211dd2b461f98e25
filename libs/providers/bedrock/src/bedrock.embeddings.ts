import { GatewayFailure } from '@gatehouse/errors';
import type { DeploymentTarget, EmbeddingRequest, EmbeddingResponse, TokenUsage } from '@gatehouse/providers-core';
import { bedrockModelId, isObject } from './bedrock.adapter';
import type { CohereEmbeddingResponse, EmbeddingCall, TitanEmbeddingResponse } from './bedrock.types';

export type EmbeddingFamily = 'titan' | 'cohere';

export interface EmbeddingPlan {
  family: EmbeddingFamily;
  /** Titan embeds one text per call; Cohere takes them all at once. */
  calls: EmbeddingCall[];
  encoding: 'float' | 'base64';
}

const SUPPORTED = new Set(['model', 'input', 'encoding_format', 'dimensions', 'user', 'input_type']);

export function embeddingFamily(modelId: string): EmbeddingFamily | undefined {
  // Cross-region inference profiles prefix the model id with a geography (us., eu., apac.).
  const bare = modelId.replace(/^(us|eu|apac|us-gov|global)\./, '');
  if (bare.startsWith('amazon.titan-embed')) return 'titan';
  if (bare.startsWith('cohere.embed')) return 'cohere';
  return undefined;
}

/** Canonical embeddings request → the InvokeModel bodies of a Titan or Cohere embedding model. */
export function toInvokeModelEmbeddings(request: EmbeddingRequest, target: DeploymentTarget): EmbeddingPlan {
  const modelId = bedrockModelId(target.providerModel);
  const family = embeddingFamily(modelId);
  if (!family) {
    throw new GatewayFailure(
      'bad_request',
      `Bedrock model '${modelId}' is not a supported embedding model (Titan or Cohere)`,
      {
        param: 'model',
      },
    );
  }
  const unsupported = Object.keys(request).find((key) => !SUPPORTED.has(key) && request[key] != null);
  if (unsupported && !target.dropParams) {
    throw new GatewayFailure('bad_request', `parameter '${unsupported}' is not supported by provider 'bedrock'`, {
      param: unsupported,
      code: 'unsupported_parameter',
    });
  }
  const texts = toTexts(request.input);
  const encoding = request.encoding_format === 'base64' ? 'base64' : 'float';
  if (family === 'titan') {
    const extra = typeof request.dimensions === 'number' ? { dimensions: request.dimensions } : {};
    return { family, encoding, calls: texts.map((inputText) => ({ modelId, body: { inputText, ...extra } })) };
  }
  if (typeof request.dimensions === 'number') {
    throw new GatewayFailure('bad_request', "'dimensions' is not supported by Cohere embedding models on Bedrock", {
      param: 'dimensions',
    });
  }
  const inputType = typeof request.input_type === 'string' ? request.input_type : 'search_document';
  return { family, encoding, calls: [{ modelId, body: { texts, input_type: inputType } }] };
}

function toTexts(input: EmbeddingRequest['input']): string[] {
  const items = Array.isArray(input) ? input : [input];
  if (items.length === 0 || !items.every((item): item is string => typeof item === 'string')) {
    throw new GatewayFailure(
      'bad_request',
      'Bedrock embedding models take text input (a string or an array of strings)',
      {
        param: 'input',
      },
    );
  }
  return items;
}

/** InvokeModel answers (one per call, in order) → canonical embeddings; inputTokens from the response headers. */
export function fromInvokeModelEmbeddings(
  plan: EmbeddingPlan,
  answers: readonly { body: unknown; inputTokens?: number }[],
  model: string,
): { embedding: EmbeddingResponse; usage: TokenUsage } {
  const vectors = plan.family === 'titan' ? answers.map(titanVector) : cohereVectors(answers[0]?.body);
  const promptTokens = answers.reduce((sum, answer) => sum + tokensOf(plan, answer), 0);
  const embedding: EmbeddingResponse = {
    object: 'list',
    data: vectors.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: plan.encoding === 'base64' ? toBase64(vector) : vector,
    })),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
  const usage = {
    promptTokens,
    completionTokens: 0,
    totalTokens: promptTokens,
    cachedPromptTokens: 0,
    reasoningTokens: 0,
  };
  return { embedding, usage };
}

function titanVector(answer: { body: unknown }): number[] {
  const body = answer.body as TitanEmbeddingResponse;
  if (!Array.isArray(body.embedding)) throw malformed('Titan answered without an embedding');
  return body.embedding;
}

function cohereVectors(body: unknown): number[][] {
  const embeddings = (body as CohereEmbeddingResponse | undefined)?.embeddings;
  if (Array.isArray(embeddings)) return embeddings;
  if (isObject(embeddings) && Array.isArray(embeddings.float)) return embeddings.float;
  throw malformed('Cohere answered without embeddings');
}

function tokensOf(plan: EmbeddingPlan, answer: { body: unknown; inputTokens?: number }): number {
  if (answer.inputTokens !== undefined) return answer.inputTokens;
  if (plan.family === 'titan') return (answer.body as TitanEmbeddingResponse).inputTextTokenCount ?? 0;
  return 0;
}

// OpenAI's base64 encoding: the float32 little-endian bytes of the vector.
function toBase64(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes.toString('base64');
}

function malformed(message: string): GatewayFailure {
  return new GatewayFailure('upstream', `upstream returned a malformed answer: ${message}`, { upstreamStatus: 200 });
}
