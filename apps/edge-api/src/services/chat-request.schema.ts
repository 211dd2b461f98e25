import { GatewayFailure } from '@gatehouse/errors';
import { ChatRequest, EmbeddingRequest } from '@gatehouse/providers-core';
import { z } from 'zod';

const role = z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']);
const contentPart = z.looseObject({ type: z.string().min(1) });
const toolCall = z.looseObject({
  id: z.string(),
  type: z.literal('function'),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

const message = z
  .looseObject({
    role,
    content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
    name: z.string().optional(),
    tool_calls: z.array(toolCall).optional(),
    tool_call_id: z.string().optional(),
  })
  .refine((m) => m.role !== 'tool' || typeof m.tool_call_id === 'string', {
    message: 'tool messages need a tool_call_id',
    path: ['tool_call_id'],
  });

const positiveInt = z.number().int().positive();

/**
 * The gateway's own request fields (tags, retries, fallbacks, cache, guardrails), which the pipeline
 * checks and takes off before the provider call; the non-chat dialects carry them across as they came.
 */
export const GATEWAY_FIELDS = ['tags', 'num_retries', 'fallbacks', 'cache', 'guardrails'] as const;
export const gatewayFieldsShape = Object.fromEntries(
  GATEWAY_FIELDS.map((name) => [name, z.unknown().optional()]),
) as Record<(typeof GATEWAY_FIELDS)[number], z.ZodOptional<z.ZodUnknown>>;

/** The gateway fields a request set, to carry into the chat request built from it. */
export function gatewayFieldsOf(
  request: Partial<Record<(typeof GATEWAY_FIELDS)[number], unknown>>,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const name of GATEWAY_FIELDS) if (request[name] !== undefined) fields[name] = request[name];
  return fields;
}

/** OpenAI's chat-completions body: the fields the gateway relies on are checked, the rest pass through. */
export const ChatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  n: positiveInt.nullish(),
  max_tokens: positiveInt.nullish(),
  max_completion_tokens: positiveInt.nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  tools: z.array(z.looseObject({ type: z.string() })).nullish(),
  user: z.string().nullish(),
});

export const EmbeddingRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([
    z.string(),
    z.array(z.string()).min(1),
    z.array(z.number()).min(1),
    z.array(z.array(z.number())).min(1),
  ]),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: positiveInt.optional(),
  user: z.string().optional(),
});

/** `messages[0].role`, as OpenAI names parameters in its errors. */
function paramOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

/** Validates a body against a schema; the first problem becomes a 400 naming its parameter. */
export function parseWith<T>(schema: z.ZodType<T>, body: unknown): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GatewayFailure('bad_request', 'the request body must be a JSON object');
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = paramOf(issue.path);
  const what = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
  throw new GatewayFailure('bad_request', `${param || 'body'}: ${what}`, { param: param || undefined });
}

export function parseChatRequest(body: unknown): ChatRequest {
  return parseWith(ChatRequestSchema, body) as ChatRequest;
}

export function parseEmbeddingRequest(body: unknown): EmbeddingRequest {
  return parseWith(EmbeddingRequestSchema, body);
}
