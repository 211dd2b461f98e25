import { toOpenAiUsage, ProviderClient } from '@gatehouse/providers-core';
import { estimateEmbeddingUsage } from './gemini.embeddings';

/**
 * Gemini over HTTP, plus what its embedding answers lack and only the request can tell: the
 * model name and a token count (batchEmbedContents reports none).
 */
export function withGeminiEmbeddingUsage(http: ProviderClient): ProviderClient {
  return {
    provider: http.provider,
    capabilities: http.capabilities,
    chat: (request, target, signal) => http.chat(request, target, signal),
    chatStream: (request, target, signal) => http.chatStream(request, target, signal),
    async embed(request, target, signal) {
      const result = await http.embed(request, target, signal);
      const usage = result.usage.promptTokens > 0 ? result.usage : estimateEmbeddingUsage(request.input);
      const { prompt_tokens, total_tokens } = toOpenAiUsage(usage);
      const embedding = { ...result.embedding, model: target.providerModel, usage: { prompt_tokens, total_tokens } };
      return { embedding, usage };
    },
  };
}
