import { GatewayFailure } from '@gatehouse/errors';
import {
  ChatCompletion,
  ChatRequest,
  DeploymentTarget,
  keepSupported,
  TokenUsage,
  ToolCall,
  Usage,
} from '@gatehouse/providers-core';
import { toConverseMessages } from './bedrock.messages';
import { toConverseToolConfig } from './bedrock.tools';
import type {
  ConverseRequest,
  ConverseResponse,
  ConverseUsage,
  FinishReason,
  JsonDocument,
  StopReason,
} from './bedrock.types';

/** Request fields the Converse translation honours; anything else is refused or, with drop_params, dropped. */
const SUPPORTED = new Set([
  'model',
  'messages',
  'stream',
  'stream_options',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'stop',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'n',
  'user',
  'thinking',
  'guardrailConfig',
  'additionalModelRequestFields',
]);

// Exhaustive over the SDK's enum, so a stop reason Bedrock adds fails the type check here.
const FINISH_REASONS: Record<StopReason, FinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  guardrail_intervened: 'content_filter',
  content_filtered: 'content_filter',
  malformed_model_output: 'stop',
  malformed_tool_use: 'tool_calls',
};

export interface ConverseCall {
  input: ConverseRequest;
  /** Request fields removed under drop_params, for the caller to log. */
  dropped: string[];
}

/** Canonical chat request → Converse / ConverseStream input (the two take the same fields). */
export function toConverseRequest(request: ChatRequest, target: DeploymentTarget): ConverseCall {
  const defaults = onlyDefaultChoices(request, target);
  const { request: kept, dropped } = keepSupported(defaults.request, SUPPORTED, target);
  const { system, turns } = toConverseMessages(kept.messages);
  const input: ConverseRequest = { modelId: bedrockModelId(target.providerModel), messages: turns };
  if (system.length > 0) input.system = system;
  const inferenceConfig = toInferenceConfig(kept);
  if (Object.keys(inferenceConfig).length > 0) input.inferenceConfig = inferenceConfig;
  const toolConfig = toConverseToolConfig(kept, turns);
  if (toolConfig) input.toolConfig = toolConfig;
  const outputConfig = toOutputConfig(kept.response_format);
  if (outputConfig) input.outputConfig = outputConfig;
  const guardrail = kept.guardrailConfig ?? target.params.guardrailConfig;
  if (isObject(guardrail)) input.guardrailConfig = guardrail;
  const additional = toAdditionalFields(kept);
  if (additional) input.additionalModelRequestFields = additional as JsonDocument;
  if (typeof kept.user === 'string') input.requestMetadata = { user: kept.user };
  return { input, dropped: [...defaults.dropped, ...dropped] };
}

/** LiteLLM's route prefixes (`bedrock/converse/<model>`, `bedrock/invoke/<model>`) are not part of the model id. */
export function bedrockModelId(providerModel: string): string {
  return providerModel.replace(/^(converse|invoke)\//, '');
}

/** `n` and `parallel_tool_calls` are accepted at the only values Converse can honour. */
function onlyDefaultChoices(
  request: ChatRequest,
  target: DeploymentTarget,
): { request: ChatRequest; dropped: string[] } {
  const copy: ChatRequest = { ...request };
  const dropped: string[] = [];
  const honoured = { n: 1, parallel_tool_calls: true } as const;
  for (const field of ['n', 'parallel_tool_calls'] as const) {
    const value = copy[field];
    delete copy[field];
    if (value === undefined || value === null || value === honoured[field]) continue;
    if (!target.dropParams) {
      throw new GatewayFailure('bad_request', `'${field}' = ${JSON.stringify(value)} is not supported by Bedrock`, {
        param: field,
        code: 'unsupported_parameter',
      });
    }
    dropped.push(field);
  }
  return { request: copy, dropped };
}

function toInferenceConfig(request: ChatRequest): NonNullable<ConverseRequest['inferenceConfig']> {
  const config: NonNullable<ConverseRequest['inferenceConfig']> = {};
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (typeof maxTokens === 'number') config.maxTokens = maxTokens;
  if (typeof request.temperature === 'number') config.temperature = request.temperature;
  if (typeof request.top_p === 'number') config.topP = request.top_p;
  const stop = request.stop;
  if (typeof stop === 'string') config.stopSequences = [stop];
  else if (Array.isArray(stop) && stop.length > 0) config.stopSequences = stop.map(String);
  return config;
}

/** Converse's native structured output: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_OutputConfig.html */
function toOutputConfig(format: unknown): ConverseRequest['outputConfig'] {
  if (!isObject(format) || format.type === 'text') return undefined;
  if (format.type === 'json_object') return jsonSchemaOutput({ type: 'object' }, 'json_object');
  if (format.type === 'json_schema' && isObject(format.json_schema)) {
    const spec = format.json_schema;
    const name = typeof spec.name === 'string' ? spec.name : 'response';
    return jsonSchemaOutput(isObject(spec.schema) ? spec.schema : { type: 'object' }, name);
  }
  throw new GatewayFailure('bad_request', `response_format type ${JSON.stringify(format.type)} is not supported`, {
    param: 'response_format',
  });
}

function jsonSchemaOutput(schema: Record<string, unknown>, name: string): ConverseRequest['outputConfig'] {
  return { textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: JSON.stringify(schema), name } } } };
}

function toAdditionalFields(request: ChatRequest): Record<string, unknown> | undefined {
  const fields: Record<string, unknown> = isObject(request.additionalModelRequestFields)
    ? { ...request.additionalModelRequestFields }
    : {};
  if (isObject(request.thinking)) fields.thinking = request.thinking;
  return Object.keys(fields).length > 0 ? fields : undefined;
}

export interface ResponseContext {
  id: string;
  created: number;
  model: string;
}

/** Converse response → canonical chat completion and billed usage. */
export function fromConverseResponse(
  response: ConverseResponse,
  context: ResponseContext,
): { completion: ChatCompletion; usage: TokenUsage } {
  let text = '';
  let reasoning = '';
  const toolCalls: ToolCall[] = [];
  for (const block of response.output?.message?.content ?? []) {
    if (block.text !== undefined) text += block.text;
    else if (block.reasoningContent?.reasoningText?.text) reasoning += block.reasoningContent.reasoningText.text;
    else if (block.toolUse) toolCalls.push(toToolCall(block.toolUse));
  }
  const message: ChatCompletion['choices'][number]['message'] = {
    role: 'assistant',
    content: text === '' && toolCalls.length > 0 ? null : text,
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (reasoning) message.reasoning_content = reasoning;
  const usage = fromConverseUsage(response.usage);
  const completion: ChatCompletion = {
    id: context.id,
    object: 'chat.completion',
    created: context.created,
    model: context.model,
    choices: [{ index: 0, message, finish_reason: toFinishReason(response.stopReason) }],
    usage: toCanonicalUsage(usage, response.usage),
  };
  return { completion, usage };
}

function toToolCall(use: { toolUseId?: string; name?: string; input?: unknown }): ToolCall {
  return {
    id: use.toolUseId ?? '',
    type: 'function',
    function: { name: use.name ?? '', arguments: JSON.stringify(use.input ?? {}) },
  };
}

export function toFinishReason(reason: string | undefined): FinishReason {
  return (reason && FINISH_REASONS[reason as StopReason]) || 'stop';
}

/** Bedrock's inputTokens leave out cached tokens; OpenAI's prompt_tokens include them. */
export function fromConverseUsage(usage: ConverseUsage | undefined): TokenUsage {
  const cacheRead = usage?.cacheReadInputTokens ?? 0;
  const cacheWrite = usage?.cacheWriteInputTokens ?? 0;
  const promptTokens = (usage?.inputTokens ?? 0) + cacheRead + cacheWrite;
  const completionTokens = usage?.outputTokens ?? 0;
  return {
    promptTokens,
    completionTokens,
    totalTokens: promptTokens + completionTokens,
    cachedPromptTokens: cacheRead,
    reasoningTokens: 0,
  };
}

/** OpenAI's usage object, with LiteLLM's names for the cache read/write split. */
export function toCanonicalUsage(usage: TokenUsage, raw: ConverseUsage | undefined): Usage {
  const canonical: Usage & { cache_read_input_tokens: number; cache_creation_input_tokens: number } = {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.totalTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedPromptTokens },
    cache_read_input_tokens: raw?.cacheReadInputTokens ?? 0,
    cache_creation_input_tokens: raw?.cacheWriteInputTokens ?? 0,
  };
  return canonical;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
