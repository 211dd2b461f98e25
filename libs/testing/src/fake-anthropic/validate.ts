import { isObject, type JsonObject } from '../fake-upstream/json';
import { invalidRequest } from './errors';

export interface FakeTool {
  name: string;
  schema: JsonObject;
}

/** The parts of a `POST /v1/messages` body the fake acts on, after checking it as the API does. */
export interface MessagesRequest {
  model: string;
  maxTokens: number;
  stream: boolean;
  stopSequences: string[];
  thinking: boolean;
  forcedTool?: FakeTool;
  /** The last user turn: its text (images as `[image]`), or the result it hands back. */
  lastUser: { text: string; toolResult?: string };
  /** All the text of `system` and `messages`, for token counts. */
  promptText: string;
}

const TOP_LEVEL = new Set([
  'model',
  'max_tokens',
  'messages',
  'system',
  'metadata',
  'stop_sequences',
  'stream',
  'temperature',
  'top_p',
  'top_k',
  'tools',
  'tool_choice',
  'thinking',
  'service_tier',
  'container',
  'mcp_servers',
  'output_config',
  'cache_control',
  'context_management',
  'inference_geo',
  'speed',
]);

/** Fields each block type may carry: an OpenAI field leaking through is "Extra inputs are not permitted". */
const BLOCK_FIELDS: Readonly<Record<string, readonly string[]>> = {
  text: ['type', 'text', 'cache_control', 'citations'],
  image: ['type', 'source', 'cache_control'],
  document: ['type', 'source', 'cache_control', 'title', 'context', 'citations'],
  tool_use: ['type', 'id', 'name', 'input', 'cache_control'],
  tool_result: ['type', 'tool_use_id', 'content', 'is_error', 'cache_control'],
  thinking: ['type', 'thinking', 'signature'],
  redacted_thinking: ['type', 'data'],
};
const USER_BLOCKS = new Set(['text', 'image', 'document', 'tool_result']);
const ASSISTANT_BLOCKS = new Set(['text', 'tool_use', 'thinking', 'redacted_thinking']);
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,128}$/;

const fail = (path: string, message: string) => invalidRequest(`${path}: ${message}`);

function noExtras(value: JsonObject, allowed: Iterable<string>, path: string): void {
  const known = new Set(allowed);
  for (const key of Object.keys(value)) {
    if (!known.has(key)) throw fail(path ? `${path}.${key}` : key, 'Extra inputs are not permitted');
  }
}

export function validateMessagesRequest(body: JsonObject): MessagesRequest {
  noExtras(body, TOP_LEVEL, '');
  if (typeof body.model !== 'string' || body.model === '') throw fail('model', 'Field required');
  const maxTokens = body.max_tokens;
  if (maxTokens === undefined) throw fail('max_tokens', 'Field required');
  if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1) {
    throw fail('max_tokens', 'Input should be a valid integer greater than or equal to 1');
  }
  checkRange(body, 'temperature', 0, 1);
  checkRange(body, 'top_p', 0, 1);
  if (body.stream !== undefined && typeof body.stream !== 'boolean')
    throw fail('stream', 'Input should be a valid boolean');
  if (body.metadata !== undefined) {
    if (!isObject(body.metadata)) throw fail('metadata', 'Input should be a valid dictionary');
    noExtras(body.metadata, ['user_id'], 'metadata');
  }
  const stopSequences = strings(body.stop_sequences, 'stop_sequences');
  const text: string[] = [systemText(body.system)];
  const lastUser = validateMessages(body.messages, text);
  const tools = validateTools(body.tools);
  const thinking = validateThinking(body.thinking, maxTokens);
  const forcedTool = validateToolChoice(body.tool_choice, tools, thinking);
  return {
    model: body.model,
    maxTokens,
    stream: body.stream === true,
    stopSequences,
    thinking,
    forcedTool,
    lastUser,
    promptText: text.join(''),
  };
}

function checkRange(body: JsonObject, key: string, min: number, max: number): void {
  const value = body[key];
  if (value === undefined) return;
  if (typeof value !== 'number') throw fail(key, 'Input should be a valid number');
  if (value < min) throw fail(key, `Input should be greater than or equal to ${min}`);
  if (value > max) throw fail(key, `Input should be less than or equal to ${max}`);
}

function strings(value: unknown, path: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw fail(path, 'Input should be a valid list of strings');
  }
  return value;
}

function systemText(system: unknown): string {
  if (system === undefined || typeof system === 'string') return system ?? '';
  if (!Array.isArray(system)) throw fail('system', 'Input should be a valid string or list');
  return system
    .map((block: unknown, i) => {
      if (!isObject(block) || block.type !== 'text') throw fail(`system.${i}.type`, "Input should be 'text'");
      checkBlock(block, `system.${i}`);
      return block.text as string;
    })
    .join('');
}

/** Checks roles, blocks and tool pairing; returns the last user turn and collects the prompt text. */
function validateMessages(value: unknown, text: string[]): MessagesRequest['lastUser'] {
  if (value === undefined) throw fail('messages', 'Field required');
  if (!Array.isArray(value) || value.length === 0) throw fail('messages', 'at least one message is required');
  let pendingToolUses: Set<string> = new Set();
  let lastUser: MessagesRequest['lastUser'] = { text: '' };
  value.forEach((raw: unknown, i) => {
    const at = `messages.${i}`;
    if (!isObject(raw)) throw fail(at, 'Input should be a valid dictionary');
    if (raw.role === 'system') {
      throw invalidRequest(
        'messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.',
      );
    }
    if (raw.role !== 'user' && raw.role !== 'assistant')
      throw fail(`${at}.role`, "Input should be 'user' or 'assistant'");
    noExtras(raw, ['role', 'content'], at);
    const isFinal = i === value.length - 1;
    const blocks = contentBlocks(raw.content, at, raw.role === 'assistant' && isFinal);
    const allowed = raw.role === 'user' ? USER_BLOCKS : ASSISTANT_BLOCKS;
    blocks.forEach((block, j) => {
      const type = String(block.type);
      if (!allowed.has(type))
        throw fail(`${at}.content.${j}.type`, `'${type}' blocks are not allowed in ${String(raw.role)} messages`);
      checkBlock(block, `${at}.content.${j}`);
      text.push(blockText(block));
    });
    const results = blocks.filter((b) => b.type === 'tool_result').map((b) => b.tool_use_id as string);
    for (const id of results) {
      if (!pendingToolUses.delete(id)) {
        throw invalidRequest(
          `${at}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
        );
      }
    }
    if (pendingToolUses.size > 0) {
      throw invalidRequest(
        `messages.${i - 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${[...pendingToolUses].join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
      );
    }
    pendingToolUses = new Set(blocks.filter((b) => b.type === 'tool_use').map((b) => b.id as string));
    if (raw.role === 'user') lastUser = userTurn(blocks);
  });
  return lastUser;
}

function contentBlocks(content: unknown, at: string, mayBeEmpty: boolean): JsonObject[] {
  if (typeof content === 'string') {
    if (content === '' && !mayBeEmpty) {
      throw fail(at, 'all messages must have non-empty content except for the optional final assistant message');
    }
    return content === '' ? [] : [{ type: 'text', text: content }];
  }
  if (!Array.isArray(content)) throw fail(`${at}.content`, 'Input should be a valid string or list');
  if (content.length === 0 && !mayBeEmpty) {
    throw fail(at, 'all messages must have non-empty content except for the optional final assistant message');
  }
  return content.map((block: unknown, j) => {
    if (!isObject(block) || typeof block.type !== 'string') throw fail(`${at}.content.${j}.type`, 'Field required');
    return block;
  });
}

function checkBlock(block: JsonObject, at: string): void {
  const type = String(block.type);
  const fields = BLOCK_FIELDS[type];
  if (!fields) throw fail(`${at}.type`, `unknown content block type '${type}'`);
  noExtras(block, fields, `${at}.${type}`);
  if (block.cache_control !== undefined) checkCacheControl(block.cache_control, `${at}.cache_control`);
  switch (type) {
    case 'text':
      if (typeof block.text !== 'string' || block.text === '')
        throw fail(`${at}.text`, 'text content blocks must be non-empty');
      return;
    case 'image':
      return checkImageSource(block.source, `${at}.source`);
    case 'document':
      if (!isObject(block.source)) throw fail(`${at}.source`, 'Field required');
      return;
    case 'tool_use':
      if (typeof block.id !== 'string' || typeof block.name !== 'string')
        throw fail(at, '`id` and `name` are required');
      if (!isObject(block.input)) throw fail(`${at}.input`, 'Input should be a valid dictionary');
      return;
    case 'tool_result':
      if (typeof block.tool_use_id !== 'string') throw fail(`${at}.tool_use_id`, 'Field required');
      if (Array.isArray(block.content)) {
        block.content.forEach((inner: unknown, k) => {
          if (!isObject(inner) || (inner.type !== 'text' && inner.type !== 'image')) {
            throw fail(`${at}.content.${k}.type`, "Input should be 'text' or 'image'");
          }
          checkBlock(inner, `${at}.content.${k}`);
        });
      } else if (block.content !== undefined && typeof block.content !== 'string') {
        throw fail(`${at}.content`, 'Input should be a valid string or list');
      }
      return;
    case 'thinking':
      if (typeof block.signature !== 'string') throw fail(`${at}.signature`, 'Field required');
      return;
    default:
      return;
  }
}

function checkCacheControl(value: unknown, at: string): void {
  if (!isObject(value) || value.type !== 'ephemeral') throw fail(`${at}.type`, "Input should be 'ephemeral'");
  noExtras(value, ['type', 'ttl'], at);
  if (value.ttl !== undefined && value.ttl !== '5m' && value.ttl !== '1h')
    throw fail(`${at}.ttl`, "Input should be '5m' or '1h'");
}

function checkImageSource(source: unknown, at: string): void {
  if (!isObject(source)) throw fail(at, 'Field required');
  if (source.type === 'url') {
    if (typeof source.url !== 'string') throw fail(`${at}.url`, 'Field required');
    return;
  }
  if (source.type !== 'base64') throw fail(`${at}.type`, "Input should be 'base64', 'url' or 'file'");
  if (typeof source.media_type !== 'string' || !IMAGE_TYPES.includes(source.media_type)) {
    throw fail(`${at}.base64.media_type`, "Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'");
  }
  if (typeof source.data !== 'string' || source.data === '') throw fail(`${at}.base64.data`, 'Field required');
}

function blockText(block: JsonObject): string {
  switch (block.type) {
    case 'text':
      return block.text as string;
    case 'tool_use':
      return String(block.name) + JSON.stringify(block.input);
    case 'tool_result':
      return resultText(block.content);
    default:
      return '';
  }
}

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((inner): inner is JsonObject => isObject(inner) && inner.type === 'text')
    .map((inner) => inner.text as string)
    .join(' ');
}

function userTurn(blocks: JsonObject[]): MessagesRequest['lastUser'] {
  const pieces: string[] = [];
  for (const block of blocks) {
    if (block.type === 'text') pieces.push(block.text as string);
    else if (block.type === 'image') pieces.push('[image]');
    else if (block.type === 'document') pieces.push('[document]');
  }
  const results = blocks.filter((block) => block.type === 'tool_result');
  if (results.length > 0 && pieces.length === 0) return { text: '', toolResult: resultText(results.at(-1)!.content) };
  return { text: pieces.join(' ') };
}

function validateTools(value: unknown): FakeTool[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw fail('tools', 'Input should be a valid list');
  return value.map((tool: unknown, i) => {
    const at = `tools.${i}`;
    if (!isObject(tool)) throw fail(at, 'Input should be a valid dictionary');
    noExtras(
      tool,
      ['name', 'description', 'input_schema', 'cache_control', 'type', 'strict', 'input_examples'],
      `${at}.custom`,
    );
    if (typeof tool.name !== 'string' || !TOOL_NAME.test(tool.name)) {
      throw fail(`${at}.custom.name`, "String should match pattern '^[a-zA-Z0-9_-]{1,128}$'");
    }
    if (!isObject(tool.input_schema)) throw fail(`${at}.custom.input_schema`, 'Field required');
    if (tool.input_schema.type !== 'object') throw fail(`${at}.custom.input_schema.type`, "Input should be 'object'");
    if (tool.cache_control !== undefined) checkCacheControl(tool.cache_control, `${at}.cache_control`);
    return { name: tool.name, schema: tool.input_schema };
  });
}

function validateThinking(value: unknown, maxTokens: number): boolean {
  if (value === undefined) return false;
  if (!isObject(value)) throw fail('thinking', 'Input should be a valid dictionary');
  if (value.type === 'disabled') return false;
  if (value.type === 'adaptive') return true;
  if (value.type !== 'enabled') throw fail('thinking.type', "Input should be 'enabled', 'disabled' or 'adaptive'");
  const budget = value.budget_tokens;
  if (typeof budget !== 'number' || budget < 1024) {
    throw fail('thinking.enabled.budget_tokens', 'Input should be greater than or equal to 1024');
  }
  if (maxTokens <= budget) throw invalidRequest('`max_tokens` must be greater than `thinking.budget_tokens`');
  return true;
}

function validateToolChoice(value: unknown, tools: FakeTool[], thinking: boolean): FakeTool | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) throw fail('tool_choice', 'Input should be a valid dictionary');
  const type = value.type;
  if (type !== 'auto' && type !== 'any' && type !== 'tool' && type !== 'none') {
    throw fail('tool_choice.type', "Input should be 'auto', 'any', 'tool' or 'none'");
  }
  noExtras(
    value,
    type === 'tool'
      ? ['type', 'name', 'disable_parallel_tool_use']
      : type === 'none'
        ? ['type']
        : ['type', 'disable_parallel_tool_use'],
    `tool_choice.${type}`,
  );
  if (type === 'auto' || type === 'none') return undefined;
  if (thinking) throw invalidRequest('Thinking may not be enabled when tool_choice forces tool use.');
  if (tools.length === 0) throw fail('tool_choice', 'tool_choice may only be specified while providing tools');
  if (type === 'any') return tools[0];
  const named = tools.find((tool) => tool.name === value.name);
  if (!named) throw fail('tool_choice.tool.name', `Tool '${String(value.name)}' not found in the provided tools`);
  return named;
}
