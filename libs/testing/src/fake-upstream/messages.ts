import { invalidRequest, invalidType, missingParameter } from './errors';
import { isObject, show, type JsonObject } from './json';

const ROLES = ['system', 'assistant', 'user', 'function', 'tool', 'developer'] as const;
export type Role = (typeof ROLES)[number];

const PART_TYPES = ['text', 'image_url', 'input_audio', 'refusal', 'audio', 'file'];

export interface ChatMessage {
  role: Role;
  /** Every piece of text the message carries (content, tool call names and arguments); for token counts. */
  text: string;
}

/**
 * Checks `messages` the way the real API does, including tool-call pairing, so a gateway that
 * mistranslates a conversation gets the same 400 it would get from OpenAI.
 */
export function validateMessages(value: unknown): ChatMessage[] {
  if (value === undefined) throw missingParameter('messages');
  if (!Array.isArray(value)) throw invalidType('messages', 'an array', value);
  if (value.length === 0) {
    throw invalidRequest(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'messages',
      'empty_array',
    );
  }
  const messages: ChatMessage[] = [];
  let pending: { ids: Set<string>; index: number } | undefined;
  value.forEach((raw: unknown, i) => {
    const message = validateMessage(raw, i);
    if (message.role === 'tool') {
      const id = (raw as JsonObject).tool_call_id as string;
      if (pending === undefined || !pending.ids.delete(id)) {
        throw invalidRequest(
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          `messages.[${i}].role`,
        );
      }
    } else {
      assertAnswered(pending);
      const ids = toolCallIds(raw as JsonObject);
      pending = ids.size > 0 ? { ids, index: i } : undefined;
    }
    messages.push(message);
  });
  assertAnswered(pending);
  return messages;
}

/**
 * Text of the last user message, with `[image]` for each image part: the default reply echoes it,
 * so a test can see that text and images both arrived.
 */
export function lastUserText(raw: unknown[]): string {
  for (let i = raw.length - 1; i >= 0; i--) {
    const message = raw[i];
    if (isObject(message) && message.role === 'user') return contentText(message.content, true);
  }
  return '';
}

/** The content of the last message when it is a tool result: the reply then quotes it. */
export function lastToolResult(raw: unknown[]): string | undefined {
  const last = raw.at(-1);
  return isObject(last) && last.role === 'tool' ? contentText(last.content) : undefined;
}

function validateMessage(raw: unknown, i: number): ChatMessage {
  if (!isObject(raw)) throw invalidType(`messages[${i}]`, 'an object', raw);
  const role = raw.role;
  if (role === undefined) throw missingParameter(`messages[${i}].role`);
  if (!isRole(role)) {
    throw invalidRequest(
      `Invalid value: '${show(role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
      `messages[${i}].role`,
      'invalid_value',
    );
  }
  const hasToolCalls = raw.tool_calls !== undefined || raw.function_call !== undefined;
  if (raw.content === undefined || (raw.content === null && !hasToolCalls)) {
    if (role !== 'assistant' || !hasToolCalls) throw missingParameter(`messages[${i}].content`);
  } else if (raw.content !== null) {
    validateContent(raw.content, `messages[${i}].content`);
  }
  if (role === 'tool' && typeof raw.tool_call_id !== 'string') {
    if (raw.tool_call_id === undefined) throw missingParameter(`messages[${i}].tool_call_id`);
    throw invalidType(`messages[${i}].tool_call_id`, 'a string', raw.tool_call_id);
  }
  const toolText = role === 'assistant' ? validateToolCalls(raw.tool_calls, `messages[${i}].tool_calls`) : '';
  return { role, text: contentText(raw.content) + toolText };
}

function validateContent(content: unknown, param: string): void {
  if (typeof content === 'string') return;
  if (!Array.isArray(content)) throw invalidType(param, 'one of a string or array of objects', content);
  content.forEach((part: unknown, j) => {
    const at = `${param}[${j}]`;
    if (!isObject(part)) throw invalidType(at, 'an object', part);
    if (part.type === undefined) throw missingParameter(`${at}.type`);
    if (typeof part.type !== 'string' || !PART_TYPES.includes(part.type)) {
      throw invalidRequest(
        `Invalid value: '${show(part.type)}'. Supported values are: 'text', 'image_url', 'input_audio', 'refusal', 'audio', and 'file'.`,
        `${at}.type`,
        'invalid_value',
      );
    }
    if (part.type === 'text' && typeof part.text !== 'string') {
      if (part.text === undefined) throw missingParameter(`${at}.text`);
      throw invalidType(`${at}.text`, 'a string', part.text);
    }
  });
}

/** Returns the text the tool calls contribute to the prompt. */
function validateToolCalls(value: unknown, param: string): string {
  if (value === undefined || value === null) return '';
  if (!Array.isArray(value)) throw invalidType(param, 'an array', value);
  let text = '';
  value.forEach((call: unknown, j) => {
    const at = `${param}[${j}]`;
    if (!isObject(call)) throw invalidType(at, 'an object', call);
    if (typeof call.id !== 'string')
      throw call.id === undefined ? missingParameter(`${at}.id`) : invalidType(`${at}.id`, 'a string', call.id);
    if (call.type !== 'function')
      throw invalidRequest(
        `Invalid value: '${show(call.type)}'. Supported values are: 'function'.`,
        `${at}.type`,
        'invalid_value',
      );
    const fn = call.function;
    if (!isObject(fn))
      throw fn === undefined ? missingParameter(`${at}.function`) : invalidType(`${at}.function`, 'an object', fn);
    if (typeof fn.name !== 'string') throw missingParameter(`${at}.function.name`);
    // Arguments are a JSON *string*; a gateway that forwards an object (e.g. Anthropic's `input`) must fail here.
    if (typeof fn.arguments !== 'string') {
      throw fn.arguments === undefined
        ? missingParameter(`${at}.function.arguments`)
        : invalidType(`${at}.function.arguments`, 'a string', fn.arguments);
    }
    text += fn.name + fn.arguments;
  });
  return text;
}

function toolCallIds(message: JsonObject): Set<string> {
  const ids = new Set<string>();
  if (message.role !== 'assistant' || !Array.isArray(message.tool_calls)) return ids;
  for (const call of message.tool_calls as unknown[]) {
    if (isObject(call) && typeof call.id === 'string') ids.add(call.id);
  }
  return ids;
}

function assertAnswered(pending: { ids: Set<string>; index: number } | undefined): void {
  if (pending === undefined || pending.ids.size === 0) return;
  throw invalidRequest(
    `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...pending.ids].join(', ')}`,
    `messages.[${pending.index}].role`,
  );
}

function contentText(content: unknown, markImages = false): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const part of content as unknown[]) {
    if (isObject(part) && typeof part.text === 'string') texts.push(part.text);
    else if (markImages && isObject(part) && part.type === 'image_url') texts.push('[image]');
  }
  return texts.join(' ');
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
