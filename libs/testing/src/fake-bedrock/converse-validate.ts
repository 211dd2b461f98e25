import { BedrockError, validation } from './errors';

export type Json = Record<string, unknown>;

const TOP_LEVEL = new Set([
  'messages',
  'system',
  'inferenceConfig',
  'toolConfig',
  'guardrailConfig',
  'additionalModelRequestFields',
  'promptVariables',
  'additionalModelResponseFieldPaths',
  'requestMetadata',
  'performanceConfig',
  'outputConfig',
  'serviceTier',
]);
const BLOCK_KINDS = [
  'text',
  'image',
  'document',
  'toolUse',
  'toolResult',
  'cachePoint',
  'reasoningContent',
  'guardContent',
];
const IMAGE_FORMATS = new Set(['png', 'jpeg', 'gif', 'webp']);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const DOCUMENT_NAME = /^[A-Za-z0-9\-()[\]]+( [A-Za-z0-9\-()[\]]+)*$/;

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks a Converse body the way Bedrock's validation does, throwing Bedrock's own errors. */
export function validateConverse(body: unknown): Json {
  if (!isObject(body))
    throw new BedrockError(400, 'SerializationException', 'Start of structure or map found where not expected.');
  for (const key of Object.keys(body)) {
    if (!TOP_LEVEL.has(key)) throw new BedrockError(400, 'SerializationException', `Unrecognized field "${key}"`);
  }
  validateMessages(body.messages);
  if (body.system !== undefined) validateSystem(body.system);
  if (body.inferenceConfig !== undefined) validateInference(body.inferenceConfig);
  const usesTools = (body.messages as Json[]).some((m) => (m.content as Json[]).some((b) => b.toolUse || b.toolResult));
  if (usesTools && body.toolConfig === undefined) {
    throw validation('The toolConfig field must be defined when using toolUse and toolResult content blocks.');
  }
  if (body.toolConfig !== undefined) validateToolConfig(body.toolConfig);
  if (body.outputConfig !== undefined) validateOutputConfig(body.outputConfig);
  return body;
}

function validateMessages(messages: unknown): void {
  if (!Array.isArray(messages) || messages.length === 0)
    throw validation('A conversation must start with a user message.');
  let previousRole = '';
  let pendingToolUses = new Set<string>();
  messages.forEach((message: unknown, index) => {
    if (!isObject(message) || (message.role !== 'user' && message.role !== 'assistant')) {
      throw validation(`messages.${index}.role: must be one of [user, assistant]`);
    }
    if (index === 0 && message.role !== 'user')
      throw validation(
        'A conversation must start with a user message. Try again with a conversation that starts with a user message.',
      );
    if (message.role === previousRole) {
      throw validation(
        'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.',
      );
    }
    previousRole = message.role;
    if (!Array.isArray(message.content) || message.content.length === 0)
      throw validation(`messages.${index}.content: must not be empty`);
    const answered = new Set<string>();
    for (const block of message.content as unknown[])
      validateBlock(block, index, message.role, pendingToolUses, answered);
    if (message.role === 'user' && pendingToolUses.size > 0 && [...pendingToolUses].some((id) => !answered.has(id))) {
      throw validation(
        'Expected toolResult blocks at messages.' + index + '.content for every toolUse of the previous turn.',
      );
    }
    pendingToolUses = new Set(
      (message.content as Json[]).flatMap((b) => (isObject(b.toolUse) ? [String(b.toolUse.toolUseId)] : [])),
    );
  });
}

function validateBlock(block: unknown, index: number, role: string, pending: Set<string>, answered: Set<string>): void {
  const where = `messages.${index}.content`;
  if (!isObject(block)) throw validation(`${where}: a content block must be an object`);
  const kinds = Object.keys(block).filter((key) => BLOCK_KINDS.includes(key));
  if (kinds.length !== 1 || Object.keys(block).length !== 1)
    throw validation(`${where}: a content block must set exactly one member`);
  if ('text' in block && (typeof block.text !== 'string' || block.text.trim() === '')) {
    throw validation('The text field in the ContentBlock object is blank. Add text to the text field, and try again.');
  }
  if (isObject(block.image)) validateImage(block.image, where);
  else if ('image' in block) throw validation(`${where}.image: must be an object`);
  if ('document' in block) validateDocument(block.document, where);
  if ('toolUse' in block) {
    const use = block.toolUse;
    if (role !== 'assistant' || !isObject(use) || typeof use.toolUseId !== 'string' || !isObject(use.input)) {
      throw validation(`${where}.toolUse: needs toolUseId, name and an object input, in an assistant turn`);
    }
  }
  if ('toolResult' in block) {
    const result = block.toolResult;
    if (role !== 'user' || !isObject(result) || !Array.isArray(result.content))
      throw validation(`${where}.toolResult: malformed`);
    if (!pending.has(String(result.toolUseId))) {
      throw validation(
        'The toolUseId in a toolResult block does not match any toolUse in the previous assistant turn.',
      );
    }
    answered.add(String(result.toolUseId));
  }
  if ('cachePoint' in block && (!isObject(block.cachePoint) || block.cachePoint.type !== 'default')) {
    throw validation(`${where}.cachePoint.type: must be 'default'`);
  }
}

function validateImage(image: Json, where: string): void {
  if (!IMAGE_FORMATS.has(String(image.format)))
    throw validation(`${where}.image.format: must be one of png, jpeg, gif, webp`);
  const bytes = isObject(image.source) ? image.source.bytes : undefined;
  if (typeof bytes !== 'string' || bytes === '' || Buffer.from(bytes, 'base64').length === 0) {
    throw validation(`${where}.image.source: bytes must be base64 (S3 locations are not enabled here)`);
  }
}

function validateDocument(document: unknown, where: string): void {
  if (!isObject(document) || typeof document.name !== 'string' || !DOCUMENT_NAME.test(document.name)) {
    throw validation(
      `${where}.document.name: only alphanumerics, single spaces, hyphens, parentheses and square brackets`,
    );
  }
  const bytes = isObject(document.source) ? document.source.bytes : undefined;
  if (typeof bytes !== 'string' || bytes === '') throw validation(`${where}.document.source: bytes required`);
}

function validateSystem(system: unknown): void {
  if (!Array.isArray(system)) throw validation('system: must be a list');
  for (const block of system) {
    if (!isObject(block) || !(typeof block.text === 'string' || isObject(block.cachePoint))) {
      throw validation('system: each block must be text or cachePoint');
    }
  }
}

function validateInference(config: unknown): void {
  if (!isObject(config)) throw validation('inferenceConfig: must be an object');
  const { maxTokens, temperature, topP, stopSequences, ...rest } = config;
  if (Object.keys(rest).length > 0)
    throw new BedrockError(400, 'SerializationException', `Unrecognized field "${Object.keys(rest)[0]}"`);
  if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && (maxTokens as number) >= 1))
    throw validation('inferenceConfig.maxTokens: must be >= 1');
  for (const [name, value] of [
    ['temperature', temperature],
    ['topP', topP],
  ] as const) {
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && value <= 1))
      throw validation(`inferenceConfig.${name}: must be between 0 and 1`);
  }
  if (
    stopSequences !== undefined &&
    !(Array.isArray(stopSequences) && stopSequences.every((s) => typeof s === 'string'))
  ) {
    throw validation('inferenceConfig.stopSequences: must be a list of strings');
  }
}

function validateToolConfig(config: unknown): void {
  if (!isObject(config) || !Array.isArray(config.tools) || config.tools.length === 0)
    throw validation('toolConfig.tools: must not be empty');
  const names = new Set<string>();
  for (const tool of config.tools as unknown[]) {
    if (isObject(tool) && isObject(tool.cachePoint)) continue;
    const spec = isObject(tool) ? tool.toolSpec : undefined;
    if (!isObject(spec) || typeof spec.name !== 'string' || !TOOL_NAME.test(spec.name)) {
      throw validation(
        'A tool name is invalid. Tool names can only contain letters, numbers, underscores, and hyphens.',
      );
    }
    if (!isObject(spec.inputSchema) || !isObject(spec.inputSchema.json))
      throw validation(`toolSpec ${spec.name}: inputSchema.json must be a JSON object`);
    names.add(spec.name);
  }
  const choice = config.toolChoice;
  if (choice === undefined) return;
  if (
    !isObject(choice) ||
    Object.keys(choice).length !== 1 ||
    !['auto', 'any', 'tool'].includes(Object.keys(choice)[0])
  ) {
    throw validation('toolConfig.toolChoice: must set exactly one of auto, any, tool');
  }
  if (isObject(choice.tool) && !names.has(String(choice.tool.name)))
    throw validation(`toolChoice names an undefined tool: ${String(choice.tool.name)}`);
}

function validateOutputConfig(config: unknown): void {
  const format = isObject(config) ? config.textFormat : undefined;
  const schema =
    isObject(format) && isObject(format.structure) && isObject(format.structure.jsonSchema)
      ? format.structure.jsonSchema.schema
      : undefined;
  if (!isObject(format) || format.type !== 'json_schema' || typeof schema !== 'string') {
    throw validation(
      'outputConfig.textFormat: type json_schema with structure.jsonSchema.schema (a JSON string) is required',
    );
  }
  try {
    JSON.parse(schema);
  } catch {
    throw validation('outputConfig.textFormat.structure.jsonSchema.schema: not valid JSON');
  }
}
