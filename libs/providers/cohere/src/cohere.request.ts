import { GatewayFailure } from '@gatehouse/errors';
import { ChatRequest, DeploymentTarget, keepSupported } from '@gatehouse/providers-core';
import { toCohereMessages } from './cohere.messages';
import { CohereChatRequest, CohereResponseFormat, CohereTool } from './cohere.types';

/** The OpenAI request fields this translation honours; anything else is refused or dropped. */
const SUPPORTED = new Set([
  'model',
  'messages',
  'stream',
  // Cohere always reports usage at the end of a stream, so include_usage needs no translation.
  'stream_options',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'stop',
  'seed',
  'frequency_penalty',
  'presence_penalty',
  'tools',
  'tool_choice',
  'response_format',
]);

interface OpenAiTool {
  type?: unknown;
  function?: { name?: unknown; description?: unknown; parameters?: unknown; strict?: unknown };
}

function refuse(param: string, message: string): GatewayFailure {
  return new GatewayFailure('bad_request', message, { param });
}

/** `n: 1` and `parallel_tool_calls: true` are what Cohere does anyway; other values are unsupported. */
function withoutDefaults(request: ChatRequest): ChatRequest {
  const rest: ChatRequest = { ...request };
  if (rest.n === 1) delete rest.n;
  if (rest.parallel_tool_calls === true) delete rest.parallel_tool_calls;
  return rest;
}

function toCohereTool(tool: OpenAiTool): CohereTool {
  const fn = tool.function;
  if (tool.type !== 'function' || !fn || typeof fn.name !== 'string') {
    throw refuse('tools', "provider 'cohere' only supports tools of type 'function' with a name");
  }
  const out: CohereTool = { type: 'function', function: { name: fn.name } };
  if (typeof fn.description === 'string') out.function.description = fn.description;
  if (fn.parameters && typeof fn.parameters === 'object') {
    out.function.parameters = fn.parameters as Record<string, unknown>;
  }
  return out;
}

/**
 * tool_choice: `auto` is Cohere's default, `none`/`required` are NONE/REQUIRED. Cohere cannot name
 * a function, so a named choice keeps only that tool and makes a call REQUIRED: the model can then
 * call nothing else, which is what the caller asked for.
 */
function toCohereTools(request: ChatRequest): Pick<CohereChatRequest, 'tools' | 'tool_choice' | 'strict_tools'> {
  const tools = Array.isArray(request.tools) ? (request.tools as OpenAiTool[]).map(toCohereTool) : [];
  const choice = request.tool_choice;
  if (tools.length === 0) {
    if (choice === undefined || choice === null || choice === 'none' || choice === 'auto') return {};
    throw refuse('tool_choice', 'tool_choice needs tools');
  }
  const strict = (request.tools as OpenAiTool[]).some((tool) => tool.function?.strict === true);
  const out: Pick<CohereChatRequest, 'tools' | 'tool_choice' | 'strict_tools'> = { tools };
  if (strict) out.strict_tools = true;
  if (choice === undefined || choice === null || choice === 'auto') return out;
  if (choice === 'none') return { ...out, tool_choice: 'NONE' };
  if (choice === 'required') return { ...out, tool_choice: 'REQUIRED' };
  const named = (choice as { function?: { name?: unknown } }).function?.name;
  const only = tools.filter((tool) => tool.function.name === named);
  if (typeof named !== 'string' || only.length === 0) {
    throw refuse('tool_choice', 'tool_choice names a function that is not in tools');
  }
  return { ...out, tools: only, tool_choice: 'REQUIRED' };
}

function toCohereResponseFormat(format: unknown): CohereResponseFormat | undefined {
  if (format === undefined || format === null) return undefined;
  const { type, json_schema } = format as { type?: unknown; json_schema?: { schema?: unknown } };
  if (type === 'text') return undefined;
  if (type === 'json_object') return { type: 'json_object' };
  if (type === 'json_schema' && json_schema?.schema && typeof json_schema.schema === 'object') {
    return { type: 'json_object', json_schema: json_schema.schema as Record<string, unknown> };
  }
  throw refuse('response_format', "response_format must be 'text', 'json_object' or 'json_schema' with a schema");
}

function toStopSequences(stop: unknown): string[] | undefined {
  if (stop === undefined || stop === null) return undefined;
  return typeof stop === 'string' ? [stop] : (stop as string[]);
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** An OpenAI chat request as Cohere's v2 chat body; also lists what drop_params removed. */
export function toCohereChatRequest(
  request: ChatRequest,
  target: Pick<DeploymentTarget, 'providerModel' | 'dropParams' | 'provider'>,
): { body: CohereChatRequest; dropped: string[] } {
  const { request: kept, dropped } = keepSupported(withoutDefaults(request), SUPPORTED, target);
  const body: CohereChatRequest = {
    model: target.providerModel,
    messages: toCohereMessages(kept.messages),
    stream: kept.stream === true,
    ...toCohereTools(kept),
  };
  const optional: Partial<CohereChatRequest> = {
    response_format: toCohereResponseFormat(kept.response_format),
    max_tokens: numberOrUndefined(kept.max_completion_tokens ?? kept.max_tokens),
    stop_sequences: toStopSequences(kept.stop),
    temperature: numberOrUndefined(kept.temperature),
    p: numberOrUndefined(kept.top_p),
    seed: numberOrUndefined(kept.seed),
    frequency_penalty: numberOrUndefined(kept.frequency_penalty),
    presence_penalty: numberOrUndefined(kept.presence_penalty),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) Object.assign(body, { [key]: value });
  }
  return { body, dropped };
}
