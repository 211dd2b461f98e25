import { GatewayFailure } from '@gatehouse/errors';
import { ChatRequest, DeploymentTarget, keepSupported } from '@gatehouse/providers-core';
import { JSON_TOOL_NAME, jsonModeTool } from './anthropic.json-mode';
import { toAnthropicMessages } from './anthropic.messages';
import {
  AnthropicRequest,
  AnthropicTool,
  AnthropicToolChoice,
  OpenAiFunctionTool,
  ThinkingConfigParam,
} from './anthropic.types';

/**
 * Anthropic requires `max_tokens`; when the client sets neither max_completion_tokens nor
 * max_tokens the gateway asks for this many (LiteLLM's fallback for Anthropic as well).
 */
export const DEFAULT_MAX_TOKENS = 4096;

/** reasoning_effort → a thinking budget, as LiteLLM maps it for Claude. */
const THINKING_BUDGETS: Readonly<Record<string, number>> = { minimal: 1024, low: 1024, medium: 2048, high: 4096 };

/** The OpenAI fields this adapter translates; anything else set is refused or, with drop_params, dropped. */
const SUPPORTED = new Set([
  'model',
  'messages',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'stop',
  'stream',
  'stream_options',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'user',
  'reasoning_effort',
  // Anthropic's own knobs, passed through as LiteLLM does.
  'top_k',
  'thinking',
]);

/** The Messages API body for an OpenAI chat request, and the fields dropped under drop_params. */
export function toAnthropicRequest(
  request: ChatRequest,
  target: Pick<DeploymentTarget, 'providerModel' | 'dropParams' | 'provider'>,
): { body: AnthropicRequest; dropped: string[] } {
  // n: 1 asks for what Anthropic always gives; only n > 1 is unsupported.
  const normalised = request.n === 1 ? { ...request, n: undefined } : request;
  const { request: kept, dropped } = keepSupported(normalised, SUPPORTED, target);
  const { system, messages } = toAnthropicMessages(kept.messages);
  const thinking = thinkingOf(kept.thinking, kept.reasoning_effort);
  const tools = toAnthropicTools(kept.tools);
  const choice = toAnthropicToolChoice(kept.tool_choice, kept.parallel_tool_calls, tools !== undefined);
  const toolUse = withJsonMode(tools, choice, jsonModeTool(kept.response_format), thinking);
  const body: AnthropicRequest = {
    model: target.providerModel,
    max_tokens: maxTokensOf(kept, thinking),
    ...(system === undefined ? {} : { system }),
    messages,
    ...defined({
      temperature: kept.temperature as number | undefined,
      top_p: kept.top_p as number | undefined,
      top_k: kept.top_k as number | undefined,
      stop_sequences: stopSequences(kept.stop),
      tools: toolUse.tools,
      tool_choice: toolUse.choice,
      thinking,
      metadata: typeof kept.user === 'string' ? { user_id: kept.user } : undefined,
    }),
    ...(kept.stream ? { stream: true } : {}),
  };
  return { body, dropped };
}

function maxTokensOf(request: ChatRequest, thinking: ThinkingConfigParam | undefined): number {
  const asked = request.max_completion_tokens ?? request.max_tokens;
  if (typeof asked === 'number') return asked;
  // Thinking tokens count against max_tokens, which must exceed the budget.
  const budget = thinking?.type === 'enabled' ? thinking.budget_tokens : 0;
  return budget >= DEFAULT_MAX_TOKENS ? budget + DEFAULT_MAX_TOKENS : DEFAULT_MAX_TOKENS;
}

function thinkingOf(thinking: unknown, effort: unknown): ThinkingConfigParam | undefined {
  if (thinking !== undefined && thinking !== null) {
    if (typeof thinking !== 'object' || typeof (thinking as { type?: unknown }).type !== 'string') {
      throw new GatewayFailure('bad_request', 'thinking must be an object with a type', { param: 'thinking' });
    }
    return thinking as ThinkingConfigParam;
  }
  if (effort === undefined || effort === null || effort === 'none') return undefined;
  const budget = typeof effort === 'string' ? THINKING_BUDGETS[effort] : undefined;
  if (budget === undefined) {
    throw new GatewayFailure('bad_request', `reasoning_effort ${JSON.stringify(effort)} is not supported`, {
      param: 'reasoning_effort',
    });
  }
  return { type: 'enabled', budget_tokens: budget };
}

function stopSequences(stop: unknown): string[] | undefined {
  if (stop === undefined || stop === null) return undefined;
  const list = typeof stop === 'string' ? [stop] : stop;
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) {
    throw new GatewayFailure('bad_request', 'stop must be a string or an array of strings', { param: 'stop' });
  }
  return list.length > 0 ? list : undefined;
}

function toAnthropicTools(tools: unknown): AnthropicTool[] | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) throw new GatewayFailure('bad_request', 'tools must be an array', { param: 'tools' });
  if (tools.length === 0) return undefined;
  return (tools as OpenAiFunctionTool[]).map((tool, i) => {
    if (tool?.type !== 'function' || typeof tool.function?.name !== 'string') {
      throw new GatewayFailure(
        'bad_request',
        `tool type '${String(tool?.type)}' is not supported by provider 'anthropic'`,
        {
          param: `tools[${i}].type`,
          code: 'unsupported_parameter',
        },
      );
    }
    const { name, description, parameters } = tool.function;
    if (name === JSON_TOOL_NAME) {
      throw new GatewayFailure('bad_request', `the tool name '${JSON_TOOL_NAME}' is reserved for response_format`, {
        param: `tools[${i}].function.name`,
      });
    }
    // `strict` is left out: Anthropic only takes it on some models and refuses it on the others.
    return {
      name,
      ...(description ? { description } : {}),
      input_schema: { type: 'object', properties: {}, ...parameters },
      ...(tool.cache_control ? { cache_control: tool.cache_control as AnthropicTool['cache_control'] } : {}),
    };
  });
}

function toAnthropicToolChoice(choice: unknown, parallel: unknown, hasTools: boolean): AnthropicToolChoice | undefined {
  let mapped: AnthropicToolChoice | undefined;
  if (choice === undefined || choice === null) mapped = undefined;
  else if (choice === 'auto') mapped = { type: 'auto' };
  else if (choice === 'required') mapped = { type: 'any' };
  else if (choice === 'none') mapped = { type: 'none' };
  else if (
    typeof choice === 'object' &&
    typeof (choice as { function?: { name?: unknown } }).function?.name === 'string'
  ) {
    mapped = { type: 'tool', name: (choice as { function: { name: string } }).function.name };
  } else {
    throw new GatewayFailure('bad_request', "tool_choice must be 'auto', 'none', 'required' or a named function", {
      param: 'tool_choice',
    });
  }
  if (!hasTools) return undefined;
  if (parallel === false && mapped?.type !== 'none')
    return { ...(mapped ?? { type: 'auto' }), disable_parallel_tool_use: true };
  return mapped;
}

/**
 * Adds the JSON-mode tool and picks what forces it: alone, it is forced; beside the client's
 * tools, any tool must be called (so the answer comes either as a real call or as the JSON); a
 * named client tool stays forced. With thinking on nothing can be forced (Anthropic refuses it),
 * so the model is left to choose the tool.
 */
function withJsonMode(
  tools: AnthropicTool[] | undefined,
  choice: AnthropicToolChoice | undefined,
  jsonTool: AnthropicTool | undefined,
  thinking: ThinkingConfigParam | undefined,
): { tools?: AnthropicTool[]; choice?: AnthropicToolChoice } {
  if (!jsonTool) return { tools, choice };
  const all = [...(tools ?? []), jsonTool];
  if (thinking && thinking.type !== 'disabled') return { tools: all, choice };
  if (!tools || choice?.type === 'none') return { tools: all, choice: { type: 'tool', name: JSON_TOOL_NAME } };
  if (choice?.type === 'tool') return { tools: all, choice };
  return {
    tools: all,
    choice: { type: 'any', ...(choice?.disable_parallel_tool_use ? { disable_parallel_tool_use: true } : {}) },
  };
}

/** OpenAI clients send null for "unset"; Anthropic refuses null where it wants a number. */
function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, item]) => item !== undefined && item !== null),
  ) as Partial<T>;
}
