import { GatewayFailure } from '@gatehouse/errors';
import { ChatMessage, ContentPart, ToolCall } from '@gatehouse/providers-core';
import {
  AnthropicTurn,
  ContentBlockParam,
  ImageBlockParam,
  DocumentBlockParam,
  TextBlockParam,
  ToolResultBlockParam,
} from './anthropic.types';

export interface AnthropicConversation {
  system?: string | TextBlockParam[];
  messages: AnthropicTurn[];
}

type CacheControl = TextBlockParam['cache_control'];
type Block = ContentBlockParam;

function unsupported(message: string, param: string): GatewayFailure {
  return new GatewayFailure('bad_request', message, { param, code: 'unsupported_parameter' });
}

/**
 * OpenAI messages → Anthropic's `system` plus alternating user/assistant turns:
 * - system and developer messages become the top-level `system`, in order;
 * - a tool message becomes a `tool_result` block in a user turn, so consecutive tool results (and
 *   a user message right after them) share one user turn, results first as Anthropic requires;
 * - assistant `tool_calls` become `tool_use` blocks with the arguments parsed into `input`;
 * - `cache_control` on a content part (or on a whole message, LiteLLM's shorthand for its last
 *   part) is kept on the block it lands in.
 */
export function toAnthropicMessages(messages: readonly ChatMessage[]): AnthropicConversation {
  const system: TextBlockParam[] = [];
  const turns: AnthropicTurn[] = [];
  const append = (role: AnthropicTurn['role'], blocks: Block[]) => {
    if (blocks.length === 0) return;
    const last = turns.at(-1);
    if (last?.role === role) (last.content as Block[]).push(...blocks);
    else turns.push({ role, content: blocks });
  };
  messages.forEach((message, i) => {
    const at = `messages[${i}]`;
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...withMessageCache(message, systemBlocks(message.content, at)));
        return;
      case 'user':
        return append('user', withMessageCache(message, userBlocks(message.content, at)));
      case 'assistant':
        return append('assistant', withMessageCache(message, assistantBlocks(message, at)));
      case 'tool':
        return append('user', withMessageCache(message, [toolResult(message, at)]));
      case 'function':
        throw unsupported(
          "role 'function' is not supported by provider 'anthropic'; use tools and tool messages",
          `${at}.role`,
        );
      default:
        throw new GatewayFailure('bad_request', `unknown role '${String(message.role)}'`, { param: `${at}.role` });
    }
  });
  return { system: compactSystem(system), messages: turns.map(tidyTurn) };
}

function systemBlocks(content: ChatMessage['content'], at: string): TextBlockParam[] {
  return parts(content).map((part, j) => {
    if (part.type !== 'text') {
      throw unsupported(`a system message may only hold text for provider 'anthropic'`, `${at}.content[${j}].type`);
    }
    return textBlock(part, `${at}.content[${j}]`);
  });
}

function userBlocks(content: ChatMessage['content'], at: string): Block[] {
  return parts(content).map((part, j) => {
    const param = `${at}.content[${j}]`;
    switch (part.type) {
      case 'text':
        return textBlock(part, param);
      case 'image_url':
        return imageBlock(part, param);
      case 'file':
        return documentBlock(part, param);
      default:
        throw unsupported(`content part type '${part.type}' is not supported by provider 'anthropic'`, `${param}.type`);
    }
  });
}

function assistantBlocks(message: ChatMessage, at: string): Block[] {
  if (message.function_call !== undefined && message.function_call !== null) {
    throw unsupported("function_call is not supported by provider 'anthropic'; use tool_calls", `${at}.function_call`);
  }
  const blocks: Block[] = thinkingBlocks(message.thinking_blocks, at);
  parts(message.content).forEach((part, j) => {
    // An assistant `refusal` part is what the model said; Anthropic only knows it as text.
    const text = part.type === 'text' || part.type === 'refusal' ? (part.text ?? part.refusal) : undefined;
    if (typeof text !== 'string') {
      throw unsupported(
        `assistant content part type '${part.type}' is not supported by provider 'anthropic'`,
        `${at}.content[${j}].type`,
      );
    }
    // Anthropic refuses empty text blocks; an empty string says nothing anyway.
    if (text !== '') blocks.push({ type: 'text', text, ...cacheOf(part) });
  });
  (message.tool_calls ?? []).forEach((call, j) => blocks.push(toolUse(call, `${at}.tool_calls[${j}]`)));
  return blocks;
}

function toolUse(call: ToolCall, at: string): Block {
  if (call?.type !== 'function' || typeof call.function?.name !== 'string') {
    throw unsupported(`only function tool calls are supported by provider 'anthropic'`, `${at}.type`);
  }
  return {
    type: 'tool_use',
    id: call.id,
    name: call.function.name,
    input: parseArguments(call.function.arguments, at),
  };
}

function parseArguments(raw: unknown, at: string): Record<string, unknown> {
  if (raw === undefined || raw === null || raw === '') return {};
  let value: unknown;
  try {
    value = typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch {
    value = undefined;
  }
  // Anthropic's tool_use.input is always an object.
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GatewayFailure('bad_request', 'tool call arguments must be a JSON object', {
      param: `${at}.function.arguments`,
    });
  }
  return value as Record<string, unknown>;
}

function toolResult(message: ChatMessage, at: string): ToolResultBlockParam {
  if (typeof message.tool_call_id !== 'string') {
    throw new GatewayFailure('bad_request', 'tool messages need a tool_call_id', { param: `${at}.tool_call_id` });
  }
  const block: ToolResultBlockParam = { type: 'tool_result', tool_use_id: message.tool_call_id };
  if (typeof message.content === 'string') {
    if (message.content !== '') block.content = message.content;
    return block;
  }
  block.content = parts(message.content).map((part, j) => {
    const param = `${at}.content[${j}]`;
    if (part.type === 'text') return textBlock(part, param);
    if (part.type === 'image_url') return imageBlock(part, param);
    throw unsupported(`tool result part type '${part.type}' is not supported by provider 'anthropic'`, `${param}.type`);
  });
  return block;
}

/** LiteLLM's `thinking_blocks`, handed back so extended thinking survives a tool round trip. */
function thinkingBlocks(value: unknown, at: string): Block[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isThinkingBlock)) {
    throw new GatewayFailure('bad_request', 'thinking_blocks must be the thinking blocks a response returned', {
      param: `${at}.thinking_blocks`,
    });
  }
  return (value as Block[]).map((block) => ({ ...block }));
}

function isThinkingBlock(block: unknown): boolean {
  if (typeof block !== 'object' || block === null) return false;
  const { type, signature, data } = block as { type?: unknown; signature?: unknown; data?: unknown };
  return (
    (type === 'thinking' && typeof signature === 'string') || (type === 'redacted_thinking' && typeof data === 'string')
  );
}

type Part = ContentPart & { text?: unknown; refusal?: unknown; cache_control?: unknown };

function parts(content: ChatMessage['content']): Part[] {
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return content;
}

function textBlock(part: Part, param: string): TextBlockParam {
  if (typeof part.text !== 'string') {
    throw new GatewayFailure('bad_request', 'a text part needs text', { param: `${param}.text` });
  }
  return { type: 'text', text: part.text, ...cacheOf(part) };
}

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

function imageBlock(part: Part, param: string): ImageBlockParam {
  const url = (part as { image_url?: { url?: unknown } }).image_url?.url;
  if (typeof url !== 'string') {
    throw new GatewayFailure('bad_request', 'image_url.url is required', { param: `${param}.image_url.url` });
  }
  const data = DATA_URL.exec(url);
  if (data) {
    const media = data[1] as Extract<ImageBlockParam['source'], { type: 'base64' }>['media_type'];
    return { type: 'image', source: { type: 'base64', media_type: media, data: data[2] }, ...cacheOf(part) };
  }
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url }, ...cacheOf(part) };
  throw new GatewayFailure('bad_request', 'image_url.url must be an http(s) URL or a base64 data URL', {
    param: `${param}.image_url.url`,
  });
}

/** OpenAI's `file` part, as far as Anthropic can take it: an inline PDF. */
function documentBlock(part: Part, param: string): DocumentBlockParam {
  const fileData = (part as { file?: { file_data?: unknown } }).file?.file_data;
  const data = typeof fileData === 'string' ? DATA_URL.exec(fileData) : null;
  if (!data || data[1] !== 'application/pdf') {
    throw unsupported(`provider 'anthropic' accepts file parts only as inline PDF data URLs`, `${param}.file`);
  }
  return {
    type: 'document',
    source: { type: 'base64', media_type: 'application/pdf', data: data[2] },
    ...cacheOf(part),
  };
}

function cacheOf(source: object): { cache_control?: CacheControl } {
  const cache = (source as { cache_control?: unknown }).cache_control;
  return cache ? { cache_control: cache as CacheControl } : {};
}

function withMessageCache<T extends Block>(message: ChatMessage, blocks: T[]): T[] {
  const cache = cacheOf(message);
  const last = blocks.at(-1);
  if (cache.cache_control && last) Object.assign(last, cache);
  return blocks;
}

function compactSystem(blocks: TextBlockParam[]): string | TextBlockParam[] | undefined {
  if (blocks.length === 0) return undefined;
  if (blocks.length === 1 && !blocks[0].cache_control) return blocks[0].text;
  return blocks;
}

/** Results first in a user turn (Anthropic's rule), and a lone plain text block as a string. */
function tidyTurn(turn: AnthropicTurn): AnthropicTurn {
  let blocks = turn.content as Block[];
  if (turn.role === 'user' && blocks.some((b) => b.type === 'tool_result')) {
    blocks = [...blocks.filter((b) => b.type === 'tool_result'), ...blocks.filter((b) => b.type !== 'tool_result')];
  }
  const only = blocks.length === 1 ? blocks[0] : undefined;
  if (only?.type === 'text' && !only.cache_control && !only.citations) return { role: turn.role, content: only.text };
  return { role: turn.role, content: blocks };
}
