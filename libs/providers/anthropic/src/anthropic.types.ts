/**
 * Anthropic Messages API wire types (https://docs.anthropic.com/en/api/messages), taken from the
 * official SDK as types only: nothing from the SDK runs here, the shared HTTP transport sends
 * the bytes. The canonical (OpenAI) side lives in @gatehouse/providers-core.
 */
import type {
  Base64ImageSource,
  ContentBlock,
  ContentBlockParam,
  DocumentBlockParam,
  ImageBlockParam,
  Message,
  MessageCreateParamsBase,
  MessageDeltaUsage,
  RawMessageStreamEvent,
  StopReason,
  TextBlockParam,
  ThinkingConfigParam,
  Tool,
  ToolChoice,
  ToolResultBlockParam,
  ToolUseBlockParam,
  Usage,
} from '@anthropic-ai/sdk/resources/messages';
import type { ErrorType } from '@anthropic-ai/sdk/resources/shared';

export type {
  Base64ImageSource,
  ContentBlock,
  ContentBlockParam,
  DocumentBlockParam,
  ImageBlockParam,
  Message as AnthropicMessage,
  MessageDeltaUsage,
  RawMessageStreamEvent,
  StopReason,
  TextBlockParam,
  ThinkingConfigParam,
  Tool as AnthropicTool,
  ToolChoice as AnthropicToolChoice,
  ToolResultBlockParam,
  ToolUseBlockParam,
  Usage as AnthropicUsage,
};

/** `POST /v1/messages` body as the gateway builds it (messages only ever take the user/assistant roles). */
export interface AnthropicRequest extends Omit<MessageCreateParamsBase, 'messages' | 'tools'> {
  messages: AnthropicTurn[];
  tools?: Tool[];
  stream?: boolean;
}

export interface AnthropicTurn {
  role: 'user' | 'assistant';
  content: string | ContentBlockParam[];
}

/**
 * Usage as it arrives: every field may be missing or null depending on the event and the API
 * version (message_start carries input counts, message_delta cumulative output counts).
 */
export type AnthropicUsageLike = Partial<{
  [
    K in keyof Pick<Usage, 'input_tokens' | 'output_tokens' | 'cache_read_input_tokens' | 'cache_creation_input_tokens'>
  ]: number | null;
}> & { output_tokens_details?: { thinking_tokens?: number | null } | null };

/**
 * Anthropic's error body: https://docs.anthropic.com/en/api/errors. `request_too_large` comes from
 * Anthropic's edge (413) and is not in the SDK's ErrorType, hence the widening.
 */
export interface AnthropicErrorPayload {
  type?: unknown;
  error?: { type?: ErrorType | 'request_too_large' | (string & {}); message?: unknown };
  request_id?: unknown;
}

/** The OpenAI fields the request mapping reads, as they may arrive (edge-api only checks the basics). */
export interface OpenAiFunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean };
  /** LiteLLM's extension: a prompt-cache breakpoint on a tool definition. */
  cache_control?: unknown;
}

export type OpenAiToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

export type OpenAiResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name?: string; schema?: Record<string, unknown>; strict?: boolean } };
