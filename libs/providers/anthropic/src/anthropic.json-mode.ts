import { GatewayFailure } from '@gatehouse/errors';
import { AnthropicTool, OpenAiResponseFormat } from './anthropic.types';

/**
 * Anthropic has no `response_format`. The documented way to get JSON back is a tool whose input
 * is the answer, with tool_choice forcing it
 * (https://docs.anthropic.com/en/docs/build-with-claude/tool-use#json-mode); the tool's input then
 * comes back to the client as the message content. The name is LiteLLM's, so a conversation moved
 * between the two gateways reads the same; clients may not define a tool of that name themselves.
 */
export const JSON_TOOL_NAME = 'json_tool_call';

/** The tool standing in for `response_format`, or undefined for plain text. */
export function jsonModeTool(format: unknown): AnthropicTool | undefined {
  if (format === undefined || format === null) return undefined;
  const type = (format as { type?: unknown }).type;
  switch (type) {
    case 'text':
      return undefined;
    case 'json_object':
      // Any object: Anthropic refuses `properties: null`, so an empty map with extra keys allowed.
      return {
        name: JSON_TOOL_NAME,
        description: 'Respond with a JSON object.',
        input_schema: { type: 'object', properties: {}, additionalProperties: true },
      };
    case 'json_schema':
      return {
        name: JSON_TOOL_NAME,
        description: 'Respond with JSON matching the schema.',
        input_schema: schemaOf(format),
      };
    default:
      throw new GatewayFailure('bad_request', `response_format type '${String(type)}' is not supported`, {
        param: 'response_format.type',
      });
  }
}

function schemaOf(format: unknown): AnthropicTool['input_schema'] {
  const spec = (format as Extract<OpenAiResponseFormat, { type: 'json_schema' }>).json_schema;
  const schema = spec && typeof spec === 'object' ? spec.schema : undefined;
  if (schema === undefined || schema === null) {
    return { type: 'object', properties: {}, additionalProperties: true };
  }
  // A tool's input is always an object, so only object schemas can be honoured this way.
  if (typeof schema !== 'object' || Array.isArray(schema) || (schema.type !== undefined && schema.type !== 'object')) {
    throw new GatewayFailure(
      'bad_request',
      "provider 'anthropic' supports response_format json_schema only with an object at the root",
      { param: 'response_format.json_schema.schema' },
    );
  }
  return { ...schema, type: 'object' };
}
