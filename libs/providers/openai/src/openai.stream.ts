import { ChatCompletionChunk, fromOpenAiUsage, StreamParser, StreamStep } from '@gatehouse/providers-core';

/**
 * OpenAI streams are already canonical. The one change: the gateway always asks for usage, and
 * reports it separately, so the usage-only chunk (`choices: []`) is taken out of the chunk flow;
 * edge-api puts it back for clients that asked for it.
 */
export function createOpenAiStreamParser(): StreamParser {
  return {
    push(data: string): StreamStep {
      if (data === '[DONE]') return { chunks: [], done: true };
      const chunk = JSON.parse(data) as ChatCompletionChunk;
      const usage = chunk.usage ? fromOpenAiUsage(chunk.usage) : undefined;
      if (chunk.choices.length === 0) return { chunks: [], usage };
      if ('usage' in chunk) delete chunk.usage;
      return { chunks: [chunk], usage };
    },
  };
}
