import { TokenUsage } from '@gatehouse/providers-core';
import { AnthropicUsageLike } from './anthropic.types';

/**
 * Anthropic counts input in three disjoint parts (https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance):
 * uncached `input_tokens`, `cache_read_input_tokens` and `cache_creation_input_tokens`. OpenAI's
 * prompt_tokens is the whole prompt with cache hits inside it, so the three are summed and the
 * reads reported as cached tokens. Thinking tokens are already inside `output_tokens`.
 */
export function fromAnthropicUsage(usage: AnthropicUsageLike | null | undefined): TokenUsage {
  const input = usage?.input_tokens ?? 0;
  const cacheRead = usage?.cache_read_input_tokens ?? 0;
  const cacheWrite = usage?.cache_creation_input_tokens ?? 0;
  const output = usage?.output_tokens ?? 0;
  const promptTokens = input + cacheRead + cacheWrite;
  return {
    promptTokens,
    completionTokens: output,
    totalTokens: promptTokens + output,
    cachedPromptTokens: cacheRead,
    reasoningTokens: usage?.output_tokens_details?.thinking_tokens ?? 0,
  };
}

/**
 * A stream reports input counts in message_start and cumulative counts in message_delta, where a
 * null or missing field means "unchanged".
 */
export function mergeUsage(into: AnthropicUsageLike, update: AnthropicUsageLike | null | undefined): void {
  if (!update) return;
  for (const key of [
    'input_tokens',
    'output_tokens',
    'cache_read_input_tokens',
    'cache_creation_input_tokens',
  ] as const) {
    const value = update[key];
    if (typeof value === 'number') into[key] = value;
  }
  if (update.output_tokens_details) into.output_tokens_details = update.output_tokens_details;
}
