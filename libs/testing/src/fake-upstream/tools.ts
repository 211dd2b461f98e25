import { invalidRequest, invalidType, missingParameter } from './errors';
import { isObject, show } from './json';

export interface FunctionTool {
  name: string;
  parameters: unknown;
}

const NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/** Validates `tools` and `tool_choice`; returns the function the reply must call, if any is forced. */
export function forcedFunction(tools: unknown, toolChoice: unknown): FunctionTool | undefined {
  const functions = validateTools(tools);
  if (toolChoice === undefined || toolChoice === null) return undefined;
  if (tools === undefined || tools === null) {
    throw invalidRequest(
      "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
      'tool_choice',
    );
  }
  if (toolChoice === 'none' || toolChoice === 'auto') return undefined;
  if (toolChoice === 'required') return functions[0];
  if (!isObject(toolChoice) || toolChoice.type !== 'function' || !isObject(toolChoice.function)) {
    throw invalidRequest(
      `Invalid value: '${typeof toolChoice === 'string' ? toolChoice : 'object'}'. Supported values are: 'none', 'auto', and 'required'.`,
      'tool_choice',
      'invalid_value',
    );
  }
  const name = toolChoice.function.name;
  if (typeof name !== 'string') throw missingParameter('tool_choice.function.name');
  const chosen = functions.find((tool) => tool.name === name);
  if (chosen === undefined) {
    throw invalidRequest(`Invalid value for 'tool_choice': function '${name}' not found in 'tools'.`, 'tool_choice');
  }
  return chosen;
}

function validateTools(tools: unknown): FunctionTool[] {
  if (tools === undefined || tools === null) return [];
  if (!Array.isArray(tools)) throw invalidType('tools', 'an array', tools);
  const functions: FunctionTool[] = [];
  tools.forEach((tool: unknown, i) => {
    const at = `tools[${i}]`;
    if (!isObject(tool)) throw invalidType(at, 'an object', tool);
    if (tool.type === 'custom') return;
    if (tool.type !== 'function') {
      throw invalidRequest(
        `Invalid value: '${show(tool.type)}'. Supported values are: 'function' and 'custom'.`,
        `${at}.type`,
        'invalid_value',
      );
    }
    const fn = tool.function;
    if (fn === undefined) throw missingParameter(`${at}.function`);
    if (!isObject(fn)) throw invalidType(`${at}.function`, 'an object', fn);
    if (fn.name === undefined) throw missingParameter(`${at}.function.name`);
    if (typeof fn.name !== 'string') throw invalidType(`${at}.function.name`, 'a string', fn.name);
    // Names with dots or spaces (common in MCP or other providers' tools) are rejected upstream.
    if (!NAME_PATTERN.test(fn.name)) {
      throw invalidRequest(
        `Invalid '${at}.function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
        `${at}.function.name`,
        'invalid_value',
      );
    }
    functions.push({ name: fn.name, parameters: fn.parameters });
  });
  return functions;
}
