import { invalidArgument } from './errors';

type Json = Record<string, unknown>;

export interface GeminiPartIn {
  text?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType?: string; fileUri: string };
  functionCall?: { name: string; args?: Json };
  functionResponse?: { name: string; response: Json };
}

/** What the fake needs from a valid generateContent body to plan its answer. */
export interface GenerateRequest {
  lastUserParts: GeminiPartIn[];
  forcedTool: string | undefined;
  jsonMode: boolean;
  maxOutputTokens: number | undefined;
  candidateCount: number;
  promptChars: number;
}

const TOP_LEVEL = [
  'contents',
  'systemInstruction',
  'tools',
  'toolConfig',
  'generationConfig',
  'safetySettings',
  'cachedContent',
];
const PART_DATA = ['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse'];
const PART_META = ['thought', 'thoughtSignature'];
const GENERATION = [
  'stopSequences',
  'temperature',
  'topP',
  'topK',
  'maxOutputTokens',
  'candidateCount',
  'seed',
  'presencePenalty',
  'frequencyPenalty',
  'responseMimeType',
  'responseSchema',
  'responseJsonSchema',
  'thinkingConfig',
  'responseLogprobs',
  'logprobs',
];
const MIME_TYPES = ['text/plain', 'application/json', 'text/x.enum'];
const NAME = /^[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Google rejects unknown fields by name, which catches a misspelt camelCase key. */
function onlyKnown(value: Json, known: string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw invalidArgument(`Invalid JSON payload received. Unknown name "${key}" at '${where}': Cannot find field.`);
    }
  }
}

function checkPart(part: unknown, role: string, where: string, previousCalls: string[]): GeminiPartIn {
  if (!isObject(part)) throw invalidArgument(`* ${where}: must be an object`);
  onlyKnown(part, [...PART_DATA, ...PART_META], where);
  const data = PART_DATA.filter((key) => part[key] !== undefined);
  if (data.length !== 1) throw invalidArgument(`* ${where}: exactly one data field must be set, got ${data.length}`);
  const p = part as GeminiPartIn;
  if (p.text !== undefined && typeof p.text !== 'string') throw invalidArgument(`* ${where}.text: must be a string`);
  if (p.inlineData && (typeof p.inlineData.mimeType !== 'string' || !BASE64.test(String(p.inlineData.data)))) {
    throw invalidArgument(`* ${where}.inline_data: mime_type and base64 data are required`);
  }
  if (p.fileData && typeof p.fileData.fileUri !== 'string')
    throw invalidArgument(`* ${where}.file_data.file_uri: required`);
  if (p.functionCall) {
    if (role !== 'model') throw invalidArgument(`* ${where}: function_call parts belong to role 'model'`);
    if (!NAME.test(String(p.functionCall.name))) throw invalidArgument(`* ${where}.function_call.name: invalid`);
  }
  if (p.functionResponse) {
    if (role !== 'user') throw invalidArgument(`* ${where}: function_response parts belong to role 'user'`);
    if (!isObject(p.functionResponse.response))
      throw invalidArgument(`* ${where}.function_response.response: must be an object`);
    if (!previousCalls.includes(p.functionResponse.name)) {
      throw invalidArgument(
        `* ${where}.function_response.name: '${p.functionResponse.name}' answers no function_call of the previous turn`,
      );
    }
  }
  return p;
}

function checkContents(contents: unknown): { last: GeminiPartIn[]; chars: number } {
  if (!Array.isArray(contents) || contents.length === 0) {
    throw invalidArgument('* GenerateContentRequest.contents: contents is not specified');
  }
  let previousCalls: string[] = [];
  let last: GeminiPartIn[] = [];
  let chars = 0;
  contents.forEach((content: unknown, i) => {
    const where = `contents[${i}]`;
    if (!isObject(content)) throw invalidArgument(`* ${where}: must be an object`);
    onlyKnown(content, ['role', 'parts'], where);
    const role = content.role ?? 'user';
    if (role !== 'user' && role !== 'model') throw invalidArgument(`Please use a valid role: user, model.`);
    if (!Array.isArray(content.parts) || content.parts.length === 0) {
      throw invalidArgument(`* GenerateContentRequest.${where}.parts: contents.parts must not be empty.`);
    }
    const parts = content.parts.map((part: unknown, j) => checkPart(part, role, `${where}.parts[${j}]`, previousCalls));
    previousCalls = parts.flatMap((part) => (part.functionCall ? [part.functionCall.name] : []));
    for (const part of parts)
      chars += (part.text ?? '').length + JSON.stringify(part.functionCall ?? part.functionResponse ?? '').length - 2;
    if (role === 'user') last = parts;
  });
  return { last, chars };
}

function checkSystem(system: unknown): number {
  if (system === undefined) return 0;
  if (!isObject(system) || !Array.isArray(system.parts) || system.parts.length === 0) {
    throw invalidArgument('* GenerateContentRequest.system_instruction.parts: must not be empty');
  }
  return system.parts.reduce((sum: number, part: unknown) => {
    if (!isObject(part) || typeof part.text !== 'string')
      throw invalidArgument('* system_instruction: only text parts are allowed');
    return sum + part.text.length;
  }, 0);
}

function checkTools(tools: unknown): string[] {
  if (tools === undefined) return [];
  if (!Array.isArray(tools)) throw invalidArgument('* GenerateContentRequest.tools: must be a list');
  return tools.flatMap((tool: unknown, i) => {
    if (!isObject(tool)) throw invalidArgument(`* tools[${i}]: must be an object`);
    const declarations = Array.isArray(tool.functionDeclarations) ? (tool.functionDeclarations as Json[]) : [];
    return declarations.map((declaration, j) => {
      if (!NAME.test(String(declaration.name)))
        throw invalidArgument(`* tools[${i}].function_declarations[${j}].name: invalid`);
      if (declaration.parameters !== undefined && declaration.parametersJsonSchema !== undefined) {
        throw invalidArgument(
          `* tools[${i}].function_declarations[${j}]: parameters and parameters_json_schema are mutually exclusive`,
        );
      }
      return String(declaration.name);
    });
  });
}

function checkToolConfig(config: unknown, declared: string[]): string | undefined {
  if (config === undefined) return undefined;
  const calling = isObject(config) && isObject(config.functionCallingConfig) ? config.functionCallingConfig : undefined;
  if (!calling || !['AUTO', 'ANY', 'NONE', 'VALIDATED'].includes(String(calling.mode))) {
    throw invalidArgument('* GenerateContentRequest.tool_config.function_calling_config.mode: invalid');
  }
  const allowed = calling.allowedFunctionNames as string[] | undefined;
  if (allowed !== undefined && calling.mode !== 'ANY') {
    throw invalidArgument('allowed_function_names is only allowed when the mode is ANY.');
  }
  for (const name of allowed ?? []) {
    if (!declared.includes(name)) throw invalidArgument(`allowed_function_names: '${name}' is not a declared function`);
  }
  if (calling.mode === 'ANY' && declared.length === 0)
    throw invalidArgument('Function calling mode ANY requires tools.');
  return calling.mode === 'ANY' ? (allowed?.[0] ?? declared[0]) : undefined;
}

function checkGeneration(config: unknown): { json: boolean; max?: number; count: number } {
  if (config === undefined) return { json: false, count: 1 };
  if (!isObject(config)) throw invalidArgument('* GenerateContentRequest.generation_config: must be an object');
  onlyKnown(config, GENERATION, 'generation_config');
  const mime = config.responseMimeType;
  if (mime !== undefined && (typeof mime !== 'string' || !MIME_TYPES.includes(mime))) {
    throw invalidArgument(
      `* GenerateContentRequest.generation_config.response_mime_type: allowed mimetypes are ${MIME_TYPES.join(', ')}.`,
    );
  }
  if ((config.responseSchema ?? config.responseJsonSchema) !== undefined && mime !== 'application/json') {
    throw invalidArgument(
      '* GenerateContentRequest.generation_config.response_schema: requires response_mime_type application/json',
    );
  }
  const count = config.candidateCount ?? 1;
  if (typeof count !== 'number' || count < 1 || count > 8) throw invalidArgument('* candidate_count: must be 1 to 8');
  const max = config.maxOutputTokens;
  if (max !== undefined && (typeof max !== 'number' || max < 1))
    throw invalidArgument('* max_output_tokens: must be positive');
  return { json: mime === 'application/json', max, count };
}

/** Checks a generateContent body as the real API does, keeping what the answer depends on. */
export function parseGenerateRequest(body: unknown): GenerateRequest {
  if (!isObject(body)) throw invalidArgument('Invalid JSON payload received. Expected an object.');
  onlyKnown(body, TOP_LEVEL, '');
  const { last, chars } = checkContents(body.contents);
  const systemChars = checkSystem(body.systemInstruction);
  const forcedTool = checkToolConfig(body.toolConfig, checkTools(body.tools));
  const generation = checkGeneration(body.generationConfig);
  return {
    lastUserParts: last,
    forcedTool,
    jsonMode: generation.json,
    maxOutputTokens: generation.max,
    candidateCount: generation.count,
    promptChars: chars + systemChars,
  };
}
