/**
 * Cohere's v2 wire format, as far as the gateway uses it.
 * Chat: https://docs.cohere.com/reference/chat — stream events: https://docs.cohere.com/v2/docs/streaming
 * Embed: https://docs.cohere.com/reference/embed — errors: https://docs.cohere.com/reference/errors
 */

export interface CohereTextContent {
  type: 'text';
  text: string;
}

export interface CohereImageContent {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}

export interface CohereThinkingContent {
  type: 'thinking';
  thinking: string;
}

export interface CohereToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type CohereMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | (CohereTextContent | CohereImageContent)[] }
  | { role: 'assistant'; content?: string; tool_calls?: CohereToolCall[]; tool_plan?: string }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface CohereTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export type CohereResponseFormat = { type: 'text' } | { type: 'json_object'; json_schema?: Record<string, unknown> };

export interface CohereChatRequest {
  model: string;
  messages: CohereMessage[];
  stream: boolean;
  tools?: CohereTool[];
  tool_choice?: 'REQUIRED' | 'NONE';
  strict_tools?: boolean;
  response_format?: CohereResponseFormat;
  max_tokens?: number;
  stop_sequences?: string[];
  temperature?: number;
  p?: number;
  seed?: number;
  frequency_penalty?: number;
  presence_penalty?: number;
}

export type CohereFinishReason = 'COMPLETE' | 'STOP_SEQUENCE' | 'MAX_TOKENS' | 'TOOL_CALL' | 'ERROR' | 'ERROR_TOXIC';

/** `billed_units` is what Cohere charges for; `tokens` is what the model actually processed. */
export interface CohereUsage {
  billed_units?: { input_tokens?: number; output_tokens?: number };
  tokens?: { input_tokens?: number; output_tokens?: number };
}

export interface CohereChatResponse {
  id: string;
  finish_reason: string;
  message: {
    role: 'assistant';
    content?: (CohereTextContent | CohereThinkingContent)[];
    tool_calls?: CohereToolCall[];
    tool_plan?: string;
  };
  usage?: CohereUsage;
}

/** One SSE `data` payload of a v2 chat stream; every event names itself in `type`. */
export interface CohereStreamEvent {
  type: string;
  id?: string;
  index?: number;
  delta?: {
    message?: {
      content?: { type?: string; text?: string; thinking?: string };
      tool_plan?: string;
      tool_calls?: { id?: string; type?: string; function?: { name?: string; arguments?: string } };
    };
    finish_reason?: string;
    error?: string;
    usage?: CohereUsage;
  };
}

export interface CohereEmbedRequest {
  model: string;
  texts: string[];
  input_type: string;
  embedding_types: ['float'];
  output_dimension?: number;
}

export interface CohereEmbedResponse {
  id: string;
  embeddings: { float?: number[][] };
  meta?: { billed_units?: { input_tokens?: number }; tokens?: { input_tokens?: number } };
}

/** Cohere errors carry only a message (and sometimes a request id). */
export interface CohereErrorPayload {
  id?: unknown;
  message?: unknown;
}
