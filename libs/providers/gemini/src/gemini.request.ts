import { GatewayFailure } from '@gatehouse/errors';
import { ChatRequest, DeploymentTarget, keepSupported } from '@gatehouse/providers-core';
import { toGeminiContents } from './gemini.messages';
import {
  GeminiFunctionDeclaration,
  GeminiGenerateRequest,
  GeminiGenerationConfig,
  GeminiToolConfig,
} from './gemini.types';

/**
 * OpenAI fields with a Gemini equivalent. `user` (an end-user id OpenAI keeps for abuse
 * monitoring) has none and does not change the answer, so it is accepted and not sent.
 */
const SUPPORTED = new Set([
  'model',
  'messages',
  'stream',
  'stream_options',
  'user',
  'temperature',
  'top_p',
  'max_tokens',
  'max_completion_tokens',
  'stop',
  'n',
  'seed',
  'presence_penalty',
  'frequency_penalty',
  'response_format',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
]);

interface OpenAiTool {
  type?: unknown;
  function?: { name?: unknown; description?: unknown; parameters?: unknown };
}

function refuse(message: string, param: string): GatewayFailure {
  return new GatewayFailure('bad_request', message, { param, code: 'invalid_value' });
}

function toGeminiTools(tools: unknown): GeminiGenerateRequest['tools'] {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  const functionDeclarations = (tools as OpenAiTool[]).map((tool, index): GeminiFunctionDeclaration => {
    if (tool.type !== 'function' || typeof tool.function?.name !== 'string') {
      throw refuse("only tools of type 'function' are supported by provider 'gemini'", `tools[${index}].type`);
    }
    const declaration: GeminiFunctionDeclaration = { name: tool.function.name };
    if (typeof tool.function.description === 'string') declaration.description = tool.function.description;
    // parametersJsonSchema takes JSON Schema as OpenAI clients write it (parameters is an OpenAPI subset).
    if (tool.function.parameters !== undefined) declaration.parametersJsonSchema = tool.function.parameters;
    return declaration;
  });
  return [{ functionDeclarations }];
}

function toGeminiToolConfig(choice: unknown): GeminiToolConfig | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (choice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  const name = (choice as { function?: { name?: unknown } }).function?.name;
  if (typeof name === 'string') return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [name] } };
  throw refuse("tool_choice must be 'auto', 'none', 'required' or a named function", 'tool_choice');
}

function toGeminiResponseFormat(format: unknown): Partial<GeminiGenerationConfig> {
  if (format === undefined || format === null) return {};
  const { type, json_schema: jsonSchema } = format as { type?: unknown; json_schema?: { schema?: unknown } };
  if (type === 'text') return {};
  if (type === 'json_object') return { responseMimeType: 'application/json' };
  if (type === 'json_schema' && jsonSchema?.schema !== undefined) {
    return { responseMimeType: 'application/json', responseJsonSchema: jsonSchema.schema };
  }
  throw refuse("response_format must be 'text', 'json_object' or 'json_schema' with a schema", 'response_format');
}

function numberField(request: ChatRequest, key: string): number | undefined {
  const value = request[key];
  return typeof value === 'number' ? value : undefined;
}

function toGeminiGenerationConfig(request: ChatRequest): GeminiGenerationConfig | undefined {
  const stop = request.stop;
  const config: GeminiGenerationConfig = {
    stopSequences: typeof stop === 'string' ? [stop] : Array.isArray(stop) ? (stop as string[]) : undefined,
    temperature: numberField(request, 'temperature'),
    topP: numberField(request, 'top_p'),
    maxOutputTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
    candidateCount: numberField(request, 'n'),
    seed: numberField(request, 'seed'),
    presencePenalty: numberField(request, 'presence_penalty'),
    frequencyPenalty: numberField(request, 'frequency_penalty'),
    ...toGeminiResponseFormat(request.response_format),
  };
  const set = Object.entries(config).filter(([, value]) => value !== undefined);
  return set.length > 0 ? Object.fromEntries(set) : undefined;
}

/** The generateContent body for an OpenAI chat request, and the fields dropped under drop_params. */
export function toGeminiRequest(
  original: ChatRequest,
  target: Pick<DeploymentTarget, 'dropParams' | 'provider'>,
): { body: GeminiGenerateRequest; dropped: string[] } {
  const { request, dropped } = keepSupported(original, SUPPORTED, target);
  // Gemini may always answer with several calls at once; it has no switch to forbid that.
  if (request.parallel_tool_calls === false) {
    if (!target.dropParams) {
      throw new GatewayFailure('bad_request', "parallel_tool_calls: false is not supported by provider 'gemini'", {
        param: 'parallel_tool_calls',
        code: 'unsupported_parameter',
      });
    }
    dropped.push('parallel_tool_calls');
  }
  const body: GeminiGenerateRequest = { ...toGeminiContents(request.messages) };
  const tools = toGeminiTools(request.tools);
  if (tools) body.tools = tools;
  const toolConfig = toGeminiToolConfig(request.tool_choice);
  if (toolConfig) body.toolConfig = toolConfig;
  const generationConfig = toGeminiGenerationConfig(request);
  if (generationConfig) body.generationConfig = generationConfig;
  return { body, dropped };
}
