import { GatewayFailure } from '@gatehouse/errors';
import { UpstreamResponse } from '@gatehouse/providers-core';
import { mapOpenAiError } from '@gatehouse/providers-openai';

// Mistral's context-window refusal has no code, only this message.
const CONTEXT_OVERFLOW = /too large for model with \d+ maximum context length/i;

/**
 * Mistral puts its error at the top level (`{"object":"error","message",…}`) where OpenAI nests it
 * under `error`, and a 422 carries validation details as an object instead of a string.
 */
export function mapMistralError(response: UpstreamResponse): GatewayFailure {
  const body = response.body;
  if (typeof body !== 'object' || body === null || 'error' in body) return mapOpenAiError(response);
  const flat = body as Record<string, unknown>;
  const message = typeof flat.message === 'string' ? flat.message : JSON.stringify(flat.message ?? flat.detail ?? '');
  const code =
    typeof flat.code === 'string' ? flat.code : CONTEXT_OVERFLOW.test(message) ? 'context_length_exceeded' : null;
  return mapOpenAiError({ ...response, body: { error: { message, param: flat.param, code } } });
}
