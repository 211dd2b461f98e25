import { randomUUID } from 'node:crypto';
import {
  ChatRequest,
  DeploymentTarget,
  EmbeddingRequest,
  ProviderAdapter,
  UpstreamRequest,
  UpstreamResponse,
} from '@gatehouse/providers-core';
import { fromGeminiEmbedResponse, toGeminiEmbedRequest } from './gemini.embeddings';
import { mapGeminiError } from './gemini.errors';
import { toGeminiRequest } from './gemini.request';
import { fromGeminiResponse } from './gemini.response';
import { createGeminiStreamParser } from './gemini.stream';
import { GeminiBatchEmbedResponse, GeminiGenerateResponse } from './gemini.types';

export const GEMINI_DEFAULT_API_BASE = 'https://generativelanguage.googleapis.com';

/**
 * The key travels in `x-goog-api-key`, never as `?key=`, so URLs (which transports and proxies
 * log) carry no secret: https://ai.google.dev/api#api-keys
 */
function headersFor(target: DeploymentTarget): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (target.apiKey) headers['x-goog-api-key'] = target.apiKey;
  return headers;
}

function modelOf(target: DeploymentTarget): string {
  return target.providerModel.replace(/^models\//, '');
}

/** `{api_base}/v1beta/models/{model}:{method}`; an api_base that already names a version keeps it. */
function endpoint(target: DeploymentTarget, method: string): string {
  const base = (target.apiBase || GEMINI_DEFAULT_API_BASE).replace(/\/+$/, '');
  const versioned = /\/v1(beta|alpha)?$/.test(base) ? base : `${base}/v1beta`;
  return `${versioned}/models/${encodeURIComponent(modelOf(target))}:${method}`;
}

function freshIdentity() {
  const key = randomUUID().replace(/-/g, '').slice(0, 24);
  return { id: `chatcmpl-${key}`, key, created: Math.floor(Date.now() / 1000) };
}

/** Google's Gemini API (AI Studio keys), LiteLLM prefix `gemini/`. */
export const geminiAdapter: ProviderAdapter = {
  provider: 'gemini',
  capabilities: { chat: true, stream: true, embeddings: true },

  buildChatRequest(request: ChatRequest, target: DeploymentTarget): UpstreamRequest {
    const { body, dropped } = toGeminiRequest(request, target);
    const url = request.stream
      ? endpoint(target, 'streamGenerateContent?alt=sse')
      : endpoint(target, 'generateContent');
    return { method: 'POST', url, headers: headersFor(target), body: JSON.stringify(body), dropped };
  },

  parseChatResponse(response: UpstreamResponse) {
    return fromGeminiResponse(response.body as GeminiGenerateResponse, freshIdentity());
  },

  createStreamParser: () => createGeminiStreamParser(freshIdentity()),

  buildEmbeddingRequest(request: EmbeddingRequest, target: DeploymentTarget): UpstreamRequest {
    const { body, dropped } = toGeminiEmbedRequest(request, target, modelOf(target));
    const url = endpoint(target, 'batchEmbedContents');
    return { method: 'POST', url, headers: headersFor(target), body: JSON.stringify(body), dropped };
  },

  parseEmbeddingResponse(response: UpstreamResponse) {
    return fromGeminiEmbedResponse(response.body as GeminiBatchEmbedResponse);
  },

  mapError: mapGeminiError,
};
