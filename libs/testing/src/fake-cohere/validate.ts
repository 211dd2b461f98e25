import { isObject, type JsonObject } from '../fake-upstream/json';
import { CohereApiError } from './errors';

/**
 * Request checks modelled on Cohere's v2 API (https://docs.cohere.com/reference/chat,
 * https://docs.cohere.com/reference/embed): unknown fields, wrong shapes and unanswered or
 * orphaned tool results are 400s with Cohere's `{id, message}` body, as the real API answers.
 */
const CHAT_FIELDS = new Set([
  'model',
  'messages',
  'stream',
  'tools',
  'strict_tools',
  'documents',
  'citation_options',
  'response_format',
  'safety_mode',
  'max_tokens',
  'stop_sequences',
  'temperature',
  'seed',
  'frequency_penalty',
  'presence_penalty',
  'k',
  'p',
  'logprobs',
  'tool_choice',
  'thinking',
  'priority',
]);

const EMBED_FIELDS = new Set([
  'model',
  'texts',
  'images',
  'inputs',
  'input_type',
  'embedding_types',
  'output_dimension',
  'max_tokens',
  'truncate',
  'priority',
]);

const INPUT_TYPES = new Set(['search_document', 'search_query', 'classification', 'clustering', 'image']);
const NUMBER_FIELDS = ['temperature', 'p', 'k', 'seed', 'frequency_penalty', 'presence_penalty', 'max_tokens'];

function invalid(message: string): CohereApiError {
  return new CohereApiError(400, `invalid request: ${message}`);
}

function checkFields(body: JsonObject, allowed: ReadonlySet<string>): void {
  for (const key of Object.keys(body)) {
    if (!allowed.has(key)) throw invalid(`unknown field: parameter '${key}' is not a valid field`);
  }
  if (typeof body.model !== 'string' || body.model === '') throw invalid('model must be a non-empty string');
}

function isPartList(content: unknown, types: readonly string[]): boolean {
  return (
    Array.isArray(content) &&
    content.every((part) => {
      if (!isObject(part) || typeof part.type !== 'string' || !types.includes(part.type)) return false;
      if (part.type === 'text') return typeof part.text === 'string';
      if (part.type === 'thinking') return typeof part.thinking === 'string';
      if (part.type === 'image_url') return isObject(part.image_url) && typeof part.image_url.url === 'string';
      return isObject(part.document);
    })
  );
}

function checkToolCalls(calls: unknown, index: number, open: Set<string>): void {
  if (!Array.isArray(calls)) throw invalid(`messages[${index}].tool_calls must be a list`);
  for (const call of calls) {
    const fn = isObject(call) && isObject(call.function) ? call.function : undefined;
    if (!isObject(call) || typeof call.id !== 'string' || call.type !== 'function' || !fn) {
      throw invalid(`messages[${index}].tool_calls entries need an id, type 'function' and a function`);
    }
    if (typeof fn.name !== 'string' || typeof fn.arguments !== 'string') {
      throw invalid(`messages[${index}].tool_calls function needs a name and string arguments`);
    }
    open.add(call.id);
  }
}

function checkMessage(message: unknown, index: number, open: Set<string>): void {
  if (!isObject(message)) throw invalid(`messages[${index}] must be an object`);
  const { role, content } = message;
  const textual = typeof content === 'string';
  if (role === 'system') {
    if (!textual && !isPartList(content, ['text'])) throw invalid(`messages[${index}] system content must be text`);
  } else if (role === 'user') {
    if (!textual && !isPartList(content, ['text', 'image_url', 'document'])) {
      throw invalid(`messages[${index}] user content must be a string or text, image_url or document parts`);
    }
  } else if (role === 'assistant') {
    if (content !== undefined && !textual && !isPartList(content, ['text', 'thinking'])) {
      throw invalid(`messages[${index}] assistant content must be a string or text parts`);
    }
    if (message.tool_calls !== undefined) checkToolCalls(message.tool_calls, index, open);
    if (content === undefined && message.tool_calls === undefined) {
      throw invalid(`messages[${index}] assistant message must have content or tool_calls`);
    }
  } else if (role === 'tool') {
    if (typeof message.tool_call_id !== 'string' || !open.delete(message.tool_call_id)) {
      throw invalid(`messages[${index}] tool_call_id does not match a preceding tool call`);
    }
    if (!textual && !isPartList(content, ['text', 'document'])) {
      throw invalid(`messages[${index}] tool content must be a string or text or document parts`);
    }
  } else {
    throw invalid(`messages[${index}].role must be one of system, user, assistant, tool`);
  }
}

function checkTools(body: JsonObject): void {
  const { tools, tool_choice: choice } = body;
  if (tools !== undefined) {
    const ok =
      Array.isArray(tools) &&
      tools.every(
        (tool) =>
          isObject(tool) &&
          tool.type === 'function' &&
          isObject(tool.function) &&
          typeof tool.function.name === 'string',
      );
    if (!ok) throw invalid("tools must be a list of {type: 'function', function: {name, parameters}}");
  }
  if (choice === undefined) return;
  if (choice !== 'REQUIRED' && choice !== 'NONE') throw invalid("tool_choice must be 'REQUIRED' or 'NONE'");
  if (!Array.isArray(tools) || tools.length === 0) throw invalid('tool_choice requires tools');
}

function checkOptions(body: JsonObject): void {
  for (const key of NUMBER_FIELDS) {
    if (body[key] !== undefined && typeof body[key] !== 'number') throw invalid(`${key} must be a number`);
  }
  if (body.stream !== undefined && typeof body.stream !== 'boolean') throw invalid('stream must be a boolean');
  const stops = body.stop_sequences;
  if (stops !== undefined && !(Array.isArray(stops) && stops.every((s) => typeof s === 'string'))) {
    throw invalid('stop_sequences must be a list of strings');
  }
  const format = body.response_format;
  if (format !== undefined && !(isObject(format) && (format.type === 'text' || format.type === 'json_object'))) {
    throw invalid("response_format.type must be 'text' or 'json_object'");
  }
}

export function validateChat(body: JsonObject): void {
  checkFields(body, CHAT_FIELDS);
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) throw invalid('messages must be a non-empty list');
  const open = new Set<string>();
  messages.forEach((message, index) => checkMessage(message, index, open));
  checkTools(body);
  checkOptions(body);
}

export function validateEmbed(body: JsonObject): void {
  checkFields(body, EMBED_FIELDS);
  const texts = body.texts;
  if (!Array.isArray(texts) || texts.length === 0 || !texts.every((t) => typeof t === 'string')) {
    throw invalid('texts must be a non-empty list of strings');
  }
  if (typeof body.input_type !== 'string' || !INPUT_TYPES.has(body.input_type)) {
    throw invalid('valid input_type must be provided with the provided model');
  }
  const types = body.embedding_types;
  if (types !== undefined && !(Array.isArray(types) && types.every((t) => typeof t === 'string'))) {
    throw invalid('embedding_types must be a list of strings');
  }
}
