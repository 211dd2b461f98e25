import type { OpenAiErrorBody } from '../fake-upstream';

/** One pydantic validation problem, as Mistral lists them in a 422. */
export interface MistralValidationDetail {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, string>;
}

/**
 * Mistral's error envelope: at the top level, not nested under `error` as OpenAI has it; on a 422
 * `message` is pydantic's `{detail: [...]}` instead of a string.
 * https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post
 */
export interface MistralErrorBody {
  object: 'error';
  message: string | { detail: MistralValidationDetail[] };
  type: string;
  param: string | null;
  code: string | null;
}

/** Thrown while handling a request; the server answers with `status` and `toBody()`. */
export class MistralError extends Error {
  constructor(
    readonly status: number,
    readonly body: MistralErrorBody,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(typeof body.message === 'string' ? body.message : JSON.stringify(body.message));
  }
}

function envelope(message: MistralErrorBody['message'], type = 'invalid_request_error'): MistralErrorBody {
  return { object: 'error', message, type, param: null, code: null };
}

export function unauthorized(): MistralError {
  return new MistralError(401, envelope('Unauthorized'));
}

/** A 422 listing every field Mistral's schema refused. */
export function validationFailed(detail: MistralValidationDetail[]): MistralError {
  return new MistralError(422, envelope({ detail }));
}

export function extraForbidden(field: string, input: unknown): MistralValidationDetail {
  return { type: 'extra_forbidden', loc: ['body', field], msg: 'Extra inputs are not permitted', input };
}

export function notOneOf(field: string, enumName: string, allowed: readonly string[], input: unknown) {
  const expected = allowed.map((value) => `'${value}'`).join(', ');
  return {
    type: 'enum',
    loc: ['body', field, enumName],
    msg: `Input should be ${expected}`,
    input,
    ctx: { expected },
  } satisfies MistralValidationDetail;
}

// Mistral's context-window refusal carries no code, only this wording (which the adapter matches).
const CONTEXT_OVERFLOW_MESSAGE =
  'Prompt contains 131072 tokens and 0 draft tokens, too large for model with 128000 maximum context length';

/**
 * The OpenAI fake's error (forced statuses, its own validation, unknown URLs) in Mistral's envelope;
 * its `context_length_exceeded` becomes Mistral's 400 with the message and no code.
 */
export function fromOpenAiError(
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): MistralError {
  const error = (body as Partial<OpenAiErrorBody> | null | undefined)?.error;
  if (error === undefined) return new MistralError(status, envelope(`Upstream error ${status}`), headers);
  if (error.code === 'context_length_exceeded') {
    return new MistralError(400, envelope(CONTEXT_OVERFLOW_MESSAGE), headers);
  }
  if (status === 429) return new MistralError(429, envelope('Requests rate limit exceeded', 'rate_limited'), headers);
  const type = status >= 500 ? 'internal_server_error' : error.type;
  return new MistralError(status, { ...envelope(error.message, type), param: error.param, code: error.code }, headers);
}
