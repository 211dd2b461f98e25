import { GatewayFailure } from '@gatehouse/errors';
import { ChatCompletion, ChatMessage, TokenUsage } from '@gatehouse/providers-core';
import { AnthropicMessage, AnthropicUsage, ContentBlock, StopReason } from './anthropic.types';

/**
 * OpenAI finish reasons as Anthropic stop reasons. OpenAI's `stop` does not say whether a stop
 * sequence was hit, so it reads as end_turn; a provider that passes `stop_sequence` through keeps it.
 */
const STOP_REASONS: Record<string, StopReason> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  function_call: 'tool_use',
  content_filter: 'refusal',
  stop_sequence: 'stop_sequence',
};

export function stopReasonOf(finishReason: string | null | undefined): StopReason {
  return (finishReason && STOP_REASONS[finishReason]) || 'end_turn';
}

/** Anthropic counts cache reads apart from input_tokens; OpenAI includes them in prompt_tokens. */
export function anthropicUsage(usage: TokenUsage): AnthropicUsage {
  return {
    input_tokens: Math.max(0, usage.promptTokens - usage.cachedPromptTokens),
    output_tokens: usage.completionTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: usage.cachedPromptTokens,
  };
}

export function messageIdFrom(completionId: string | undefined): string {
  const tail = (completionId ?? '').replace(/^chatcmpl-/, '').replace(/[^\w-]/g, '');
  return `msg_${tail || Date.now().toString(36)}`;
}

/** A tool call's JSON arguments as the object Anthropic's tool_use.input must be. */
export function toolInputOf(argumentsJson: string): Record<string, unknown> {
  if (argumentsJson.trim() === '') return {};
  let input: unknown;
  try {
    input = JSON.parse(argumentsJson);
  } catch {
    throw new GatewayFailure('upstream', 'the upstream returned tool-call arguments that are not valid JSON');
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new GatewayFailure('upstream', 'the upstream returned tool-call arguments that are not a JSON object');
  }
  return input as Record<string, unknown>;
}

/** A canonical chat completion as an Anthropic `message`, named by the model the client asked for. */
export function fromChatCompletion(completion: ChatCompletion, model: string, usage: TokenUsage): AnthropicMessage {
  const choice = completion.choices[0];
  return {
    id: messageIdFrom(completion.id),
    type: 'message',
    role: 'assistant',
    content: choice ? contentBlocksOf(choice.message) : [],
    model,
    stop_reason: stopReasonOf(choice?.finish_reason),
    stop_sequence: null,
    usage: anthropicUsage(usage),
  };
}

function contentBlocksOf(message: ChatMessage): ContentBlock[] {
  const blocks: ContentBlock[] = [];
  const text = textOf(message.content);
  if (text) blocks.push({ type: 'text', text });
  for (const call of message.tool_calls ?? []) {
    blocks.push({
      type: 'tool_use',
      id: call.id,
      name: call.function.name,
      input: toolInputOf(call.function.arguments),
    });
  }
  return blocks;
}

function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : '')).join('');
}
