import { GatewayFailure } from '@gatehouse/errors';
import { ChatCompletion, ChatMessage, TokenUsage, toOpenAiUsage, ToolCall } from '@gatehouse/providers-core';
import { JSON_TOOL_NAME } from './anthropic.json-mode';
import { AnthropicMessage, StopReason } from './anthropic.types';
import { fromAnthropicUsage } from './anthropic.usage';

/**
 * stop_reason → finish_reason (https://docs.anthropic.com/en/api/handling-stop-reasons). A turn
 * that only called the JSON-mode tool finished normally as far as the client can tell.
 * `pause_turn` (a server tool paused a long turn) and `model_context_window_exceeded` have no
 * OpenAI word; they read as a stop and as running out of room.
 */
export function toFinishReason(reason: StopReason | null | undefined, calledClientTools: boolean): string | null {
  switch (reason) {
    case null:
    case undefined:
      return null;
    case 'tool_use':
      return calledClientTools ? 'tool_calls' : 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'refusal':
      return 'content_filter';
    case 'end_turn':
    case 'stop_sequence':
    case 'pause_turn':
      return 'stop';
  }
  // A stop reason newer than this mapping: the turn ended, for no reason OpenAI could name.
  return 'stop';
}

export interface ThinkingBlockOut {
  type: 'thinking' | 'redacted_thinking';
  thinking?: string;
  signature?: string;
  data?: string;
}

/** A Messages API response as an OpenAI chat.completion, with usage for accounting. */
export function fromAnthropicMessage(body: unknown): { completion: ChatCompletion; usage: TokenUsage } {
  const message = asMessage(body);
  const texts: string[] = [];
  const reasoning: string[] = [];
  const thinkingBlocks: ThinkingBlockOut[] = [];
  const toolCalls: ToolCall[] = [];
  let json: string | undefined;
  for (const block of message.content) {
    switch (block.type) {
      case 'text':
        texts.push(block.text);
        break;
      case 'thinking':
        reasoning.push(block.thinking);
        thinkingBlocks.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
        break;
      case 'redacted_thinking':
        thinkingBlocks.push({ type: 'redacted_thinking', data: block.data });
        break;
      case 'tool_use':
        if (block.name === JSON_TOOL_NAME) json = JSON.stringify(block.input ?? {});
        else {
          const args = JSON.stringify(block.input ?? {});
          toolCalls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: args } });
        }
        break;
      case 'server_tool_use':
      case 'web_search_tool_result':
      case 'web_fetch_tool_result':
      case 'code_execution_tool_result':
      case 'bash_code_execution_tool_result':
      case 'text_editor_code_execution_tool_result':
      case 'tool_search_tool_result':
      case 'container_upload':
        // Server tools have no OpenAI form, and the gateway never offers them.
        break;
    }
  }
  const reply: ChatMessage = {
    role: 'assistant',
    // In JSON mode the tool input is the answer; any text the model put around it is not JSON.
    content: json ?? (texts.length > 0 ? texts.join('') : null),
    refusal: null,
  };
  if (toolCalls.length > 0) reply.tool_calls = toolCalls;
  if (reasoning.length > 0) reply.reasoning_content = reasoning.join('');
  if (thinkingBlocks.length > 0) reply.thinking_blocks = thinkingBlocks;
  const usage = fromAnthropicUsage(message.usage);
  const completion: ChatCompletion = {
    id: message.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: message.model,
    choices: [
      {
        index: 0,
        message: reply,
        logprobs: null,
        finish_reason: toFinishReason(message.stop_reason, toolCalls.length > 0),
      },
    ],
    usage: toOpenAiUsage(usage),
  };
  return { completion, usage };
}

function asMessage(body: unknown): AnthropicMessage {
  const candidate = body as Partial<AnthropicMessage> | null;
  if (typeof candidate !== 'object' || candidate === null || !Array.isArray(candidate.content)) {
    throw new GatewayFailure('upstream', 'upstream answered 2xx without a message');
  }
  return candidate as AnthropicMessage;
}
