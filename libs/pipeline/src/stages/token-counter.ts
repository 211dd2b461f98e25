import { ChatMessage, ChatRequest, ContentPart, TokenUsage } from '@gatehouse/providers-core';
import type { countTokens as CountEncodedTokens } from 'gpt-tokenizer/cjs/encoding/o200k_base';

// o200k_base is the encoding of every current OpenAI chat model (gpt-4o, gpt-4.1, the o-series), so
// counts are exact for the models most deployments serve. Anthropic's and Google's tokenizers are not
// public: for them any encoding is an estimate. The one encoding is loaded, not the package's model
// registry, and only when a count is first needed: its rank table costs every process tens of MiB
// and a third of a second at start, and most never count (only streams cut short do).
let encoding: typeof CountEncodedTokens | undefined;
function countEncodedTokens(...args: Parameters<typeof CountEncodedTokens>): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, synchronously
  encoding ??= (require('gpt-tokenizer/cjs/encoding/o200k_base') as { countTokens: typeof CountEncodedTokens })
    .countTokens;
  return encoding(...args);
}

// Text is counted as text: a prompt that contains `<|endoftext|>` must not make the counter throw.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

// OpenAI's cookbook ("How to count tokens with tiktoken"): each message is framed as
// <|start|>{role}<|message|>{content}<|end|>, 3 tokens beyond the role and content; a name costs one
// more; every reply is primed with <|start|>assistant<|message|>, 3 tokens.
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_NAME = 1;
const REPLY_PRIMING_TOKENS = 3;

// OpenAI's image costs: 85 at low detail; at high or auto detail 85 plus 170 per 512 px tile, 765 for
// a 1024 x 1024 image. The image's size is not known without decoding it, so that typical size stands in.
const LOW_DETAIL_IMAGE_TOKENS = 85;
const IMAGE_TOKENS = 765;

export function countTokens(text: string): number {
  return text === '' ? 0 : countEncodedTokens(text, PLAIN_TEXT);
}

/**
 * Prompt tokens of a chat as OpenAI counts them. Audio and file parts are not counted: their cost
 * depends on media this process does not decode.
 */
export function countChatPromptTokens(messages: readonly ChatMessage[]): number {
  let tokens = REPLY_PRIMING_TOKENS;
  for (const message of messages) tokens += messageTokens(message);
  return tokens;
}

/**
 * Usage for a stream that ended without the provider's (the client disconnected, or the upstream
 * broke off): the prompt, tool definitions included, and `streamedText`, everything the model had
 * written so far (content, tool-call names and arguments, reasoning text) joined together. Off the
 * hot path: called once, when such a stream ends.
 */
export function estimateStreamUsage(request: ChatRequest, streamedText: string): TokenUsage {
  const promptTokens = countChatPromptTokens(request.messages) + toolDefinitionTokens(request);
  const completionTokens = countTokens(streamedText);
  return {
    promptTokens,
    completionTokens,
    totalTokens: promptTokens + completionTokens,
    cachedPromptTokens: 0,
    reasoningTokens: 0,
  };
}

function messageTokens(message: ChatMessage): number {
  let tokens = TOKENS_PER_MESSAGE + countTokens(message.role) + contentTokens(message.content);
  if (message.name) tokens += TOKENS_PER_NAME + countTokens(message.name);
  for (const call of message.tool_calls ?? []) {
    tokens += countTokens(call.function.name) + countTokens(call.function.arguments);
  }
  return tokens;
}

function contentTokens(content: ChatMessage['content']): number {
  if (typeof content === 'string') return countTokens(content);
  if (!Array.isArray(content)) return 0;
  return content.reduce((sum, part) => sum + partTokens(part), 0);
}

function partTokens(part: ContentPart): number {
  if (part.type === 'text') return typeof part.text === 'string' ? countTokens(part.text) : 0;
  if (part.type !== 'image_url') return 0;
  const image: unknown = part.image_url;
  const low = typeof image === 'object' && image !== null && 'detail' in image && image.detail === 'low';
  return low ? LOW_DETAIL_IMAGE_TOKENS : IMAGE_TOKENS;
}

/**
 * OpenAI renders tool definitions into the prompt in its own syntax, close in length to their JSON;
 * the JSON's count stands in for it. `functions` is the older spelling of `tools`.
 */
function toolDefinitionTokens(request: ChatRequest): number {
  let tokens = 0;
  for (const definitions of [request.tools, request.functions]) {
    if (Array.isArray(definitions) && definitions.length > 0) tokens += countTokens(JSON.stringify(definitions));
  }
  return tokens;
}
