import { GatewayFailure } from '@gatehouse/errors';
import type { ChatRequest } from '@gatehouse/providers-core';
import type { ConverseRequest, JsonDocument, Message, OpenAiTool, Tool, ToolChoice } from './bedrock.types';

type ToolConfig = NonNullable<ConverseRequest['toolConfig']>;

/** tools / tool_choice → Converse toolConfig; undefined when the request offers no tools. */
export function toConverseToolConfig(request: ChatRequest, turns: readonly Message[]): ToolConfig | undefined {
  const tools = Array.isArray(request.tools) ? (request.tools as OpenAiTool[]) : [];
  const choice = request.tool_choice;
  if (tools.length === 0) {
    if (choice !== undefined && choice !== null && choice !== 'none') {
      throw new GatewayFailure('bad_request', 'tool_choice needs tools', { param: 'tool_choice' });
    }
    return undefined;
  }
  if (choice === 'none') {
    // Converse has no "none": offering no tools is the same, unless the history holds tool blocks,
    // which Bedrock only accepts alongside a toolConfig.
    if (!turns.some((turn) => turn.content?.some((block) => block.toolUse || block.toolResult))) return undefined;
    throw new GatewayFailure(
      'bad_request',
      "tool_choice 'none' is not supported by Bedrock once the conversation holds tool calls",
      { param: 'tool_choice', code: 'unsupported_parameter' },
    );
  }
  const config: ToolConfig = { tools: tools.flatMap(toConverseTool) };
  const toolChoice = toConverseToolChoice(choice, tools);
  if (toolChoice) config.toolChoice = toolChoice;
  return config;
}

function toConverseTool(tool: OpenAiTool, index: number): Tool[] {
  const fn = tool.function;
  if (tool.type !== 'function' || !fn?.name) {
    throw new GatewayFailure('bad_request', `tools[${index}]: only function tools with a name are supported`, {
      param: `tools[${index}]`,
    });
  }
  const spec: NonNullable<Tool['toolSpec']> = {
    name: fn.name,
    inputSchema: { json: (fn.parameters ?? { type: 'object', properties: {} }) as JsonDocument },
  };
  if (fn.description) spec.description = fn.description;
  if (typeof fn.strict === 'boolean') spec.strict = fn.strict;
  const converted: Tool[] = [{ toolSpec: spec }];
  if (tool.cache_control) converted.push({ cachePoint: { type: 'default' } });
  return converted;
}

function toConverseToolChoice(choice: unknown, tools: readonly OpenAiTool[]): ToolChoice | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (choice === 'auto') return { auto: {} };
  if (choice === 'required') return { any: {} };
  const name = (choice as { function?: { name?: unknown } }).function?.name;
  if (typeof name === 'string' && tools.some((tool) => tool.function?.name === name)) return { tool: { name } };
  throw new GatewayFailure('bad_request', `tool_choice ${JSON.stringify(choice)} names no offered tool`, {
    param: 'tool_choice',
  });
}
