import type { JsonObject } from '../fake-upstream/json';
import { extraForbidden, notOneOf, validationFailed, type MistralValidationDetail } from './mistral-errors';

// The request fields of Mistral's schemas; anything else is a 422 "Extra inputs are not permitted".
// https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post
const CHAT_FIELDS = new Set([
  'model',
  'messages',
  'temperature',
  'top_p',
  'max_tokens',
  'stream',
  'stop',
  'random_seed',
  'response_format',
  'tools',
  'tool_choice',
  'presence_penalty',
  'frequency_penalty',
  'n',
  'parallel_tool_calls',
  'prediction',
  'safe_prompt',
]);
// https://docs.mistral.ai/api/#tag/embeddings/operation/embeddings_v1_embeddings_post
const EMBEDDING_FIELDS = new Set(['model', 'input', 'encoding_format', 'output_dimension', 'output_dtype']);
// Kept to Mistral's original enum, where OpenAI's 'required' is spelled 'any', so the fake proves
// the adapter translates it.
const TOOL_CHOICES = ['auto', 'none', 'any'] as const;

function extraFields(body: JsonObject, known: ReadonlySet<string>): MistralValidationDetail[] {
  return Object.keys(body)
    .filter((field) => !known.has(field))
    .map((field) => extraForbidden(field, body[field]));
}

/**
 * Checks a chat body as Mistral's schema would (a 422 listing each problem), then returns the body
 * the OpenAI fake should answer: `any` as `required`, and usage always asked for in a stream,
 * since Mistral always reports it.
 */
export function toOpenAiChat(body: JsonObject): JsonObject {
  const problems = extraFields(body, CHAT_FIELDS);
  const choice = body.tool_choice;
  if (typeof choice === 'string' && !(TOOL_CHOICES as readonly string[]).includes(choice)) {
    problems.push(notOneOf('tool_choice', 'ToolChoiceEnum', TOOL_CHOICES, choice));
  }
  if (problems.length > 0) throw validationFailed(problems);
  const forwarded: JsonObject = { ...body };
  if (choice === 'any') forwarded.tool_choice = 'required';
  if (body.stream === true) forwarded.stream_options = { include_usage: true, include_obfuscation: false };
  return forwarded;
}

/** Checks an embeddings body as Mistral's schema would; `output_dimension` becomes OpenAI's `dimensions`. */
export function toOpenAiEmbeddings(body: JsonObject): JsonObject {
  const problems = extraFields(body, EMBEDDING_FIELDS);
  if (problems.length > 0) throw validationFailed(problems);
  // The OpenAI fake has no output_dtype; its vectors are float32 whatever was asked.
  const { output_dimension: dimensions, ...forwarded } = body;
  delete forwarded.output_dtype;
  return dimensions === undefined ? forwarded : { ...forwarded, dimensions };
}
