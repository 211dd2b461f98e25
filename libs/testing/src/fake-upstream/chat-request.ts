import { aboveMaximum, belowMinimum, invalidRequest, invalidType, missingParameter } from './errors';
import { isObject, show, type JsonObject } from './json';
import { lastToolResult, lastUserText, validateMessages, type ChatMessage } from './messages';
import { forcedFunction, type FunctionTool } from './tools';

export type ReplyFormat = { kind: 'text' } | { kind: 'json_object' } | { kind: 'json_schema'; schema: unknown };

/** The parts of a chat completion request the fake acts on, after validation. */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  lastUserText: string;
  /** Set when the last message is a tool result. */
  lastToolResult: string | undefined;
  stream: boolean;
  includeUsage: boolean;
  includeObfuscation: boolean;
  n: number;
  maxTokens: number | undefined;
  forcedTool: FunctionTool | undefined;
  format: ReplyFormat;
}

export function parseChatRequest(body: JsonObject): ChatRequest {
  const model = requireModel(body);
  const messages = validateMessages(body.messages);
  const stream = optionalBoolean(body, 'stream') ?? false;
  const streamOptions = body.stream_options;
  if (streamOptions !== undefined && streamOptions !== null && !stream) {
    throw invalidRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options');
  }
  if (streamOptions !== undefined && streamOptions !== null && !isObject(streamOptions)) {
    throw invalidType('stream_options', 'an object', streamOptions);
  }
  const n = optionalInteger(body, 'n', 1, 128) ?? 1;
  const maxTokens = optionalInteger(body, 'max_completion_tokens', 1) ?? optionalInteger(body, 'max_tokens', 1);
  const format = replyFormat(body.response_format, messages);
  return {
    model,
    messages,
    lastUserText: lastUserText(body.messages as unknown[]),
    lastToolResult: lastToolResult(body.messages as unknown[]),
    stream,
    includeUsage: isObject(streamOptions) && streamOptions.include_usage === true,
    includeObfuscation: !isObject(streamOptions) || streamOptions.include_obfuscation !== false,
    n,
    maxTokens,
    forcedTool: forcedFunction(body.tools, body.tool_choice),
    format,
  };
}

export function requireModel(body: JsonObject): string {
  if (body.model === undefined || body.model === null) throw missingParameter('model');
  if (typeof body.model !== 'string') throw invalidType('model', 'a string', body.model);
  return body.model;
}

export function optionalInteger(
  body: JsonObject,
  param: string,
  minimum: number,
  maximum?: number,
): number | undefined {
  const value = body[param];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalidType(param, 'an integer', value);
  if (value < minimum) throw belowMinimum(param, minimum, value);
  if (maximum !== undefined && value > maximum) throw aboveMaximum(param, maximum, value);
  return value;
}

function optionalBoolean(body: JsonObject, param: string): boolean | undefined {
  const value = body[param];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidType(param, 'a boolean', value);
  return value;
}

function replyFormat(value: unknown, messages: ChatMessage[]): ReplyFormat {
  if (value === undefined || value === null) return { kind: 'text' };
  if (!isObject(value)) throw invalidType('response_format', 'an object', value);
  switch (value.type) {
    case 'text':
      return { kind: 'text' };
    case 'json_object':
      // The real API refuses JSON mode unless the prompt itself asks for JSON.
      if (!messages.some((message) => /json/i.test(message.text))) {
        throw invalidRequest(
          "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
          'messages',
        );
      }
      return { kind: 'json_object' };
    case 'json_schema': {
      const spec = value.json_schema;
      if (!isObject(spec)) throw missingParameter('response_format.json_schema');
      if (typeof spec.name !== 'string') throw missingParameter('response_format.json_schema.name');
      return { kind: 'json_schema', schema: spec.schema };
    }
    default:
      throw invalidRequest(
        `Invalid value: '${show(value.type)}'. Supported values are: 'json_object', 'json_schema', and 'text'.`,
        'response_format.type',
        'invalid_value',
      );
  }
}
