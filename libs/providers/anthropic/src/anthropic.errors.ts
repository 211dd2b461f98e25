import { ErrorKind, GatewayFailure } from '@gatehouse/errors';
import { UpstreamResponse, retryAfterSeconds } from '@gatehouse/providers-core';
import { AnthropicErrorPayload } from './anthropic.types';

// https://docs.anthropic.com/en/api/errors — the `error.type` decides; the status is the fallback.
const BY_TYPE: Readonly<Record<string, ErrorKind>> = {
  invalid_request_error: 'bad_request',
  authentication_error: 'authentication',
  // A billing problem (402) is the account's, not the request's: nothing to retry elsewhere on the same key.
  billing_error: 'permission_denied',
  permission_error: 'permission_denied',
  not_found_error: 'not_found',
  request_too_large: 'payload_too_large',
  rate_limit_error: 'rate_limited',
  api_error: 'upstream',
  timeout_error: 'timeout',
  overloaded_error: 'unavailable',
};

const BY_STATUS: Readonly<Record<number, ErrorKind>> = {
  400: 'bad_request',
  401: 'authentication',
  402: 'permission_denied',
  403: 'permission_denied',
  404: 'not_found',
  408: 'timeout',
  413: 'payload_too_large',
  429: 'rate_limited',
  503: 'unavailable',
  504: 'timeout',
  529: 'unavailable',
};

/** What each error type is sent with, for errors that arrive inside a 200 stream. */
const STATUS_OF_TYPE: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/**
 * Anthropic reports an overlong prompt as a plain invalid_request_error: "prompt is too long:
 * 208310 tokens > 200000 maximum", or "input length and `max_tokens` exceed context limit: …".
 */
const CONTEXT_WINDOW = /prompt is too long|exceed(s|ed)? (the )?context (limit|window)/i;
const CONTENT_POLICY = /content filtering policy/i;

/** A non-2xx answer from the Messages API as a gateway failure. */
export function mapAnthropicError(response: UpstreamResponse): GatewayFailure {
  const { type, message } = errorOf(response.body);
  return toFailure(type, message, response.status, retryAfterSeconds(response));
}

/** An `error` event inside a stream that had already answered 200. */
export function mapAnthropicStreamError(event: AnthropicErrorPayload): GatewayFailure {
  const { type, message } = errorOf(event);
  return toFailure(type, message, (type && STATUS_OF_TYPE[type]) || 500, undefined);
}

function toFailure(
  type: string | undefined,
  upstreamMessage: string,
  status: number,
  retryAfter: number | undefined,
): GatewayFailure {
  let kind = (type && BY_TYPE[type]) || BY_STATUS[status] || (status >= 500 ? 'upstream' : 'bad_request');
  if (kind === 'bad_request' && CONTEXT_WINDOW.test(upstreamMessage)) kind = 'context_window_exceeded';
  else if (kind === 'bad_request' && CONTENT_POLICY.test(upstreamMessage)) kind = 'content_policy';
  const message =
    status >= 500
      ? `upstream returned ${status}${upstreamMessage ? `: ${upstreamMessage}` : ''}`
      : upstreamMessage || `upstream returned ${status}`;
  return new GatewayFailure(kind, message, { retryAfterSeconds: retryAfter, upstreamStatus: status });
}

function errorOf(body: unknown): { type?: string; message: string } {
  const payload = (typeof body === 'object' && body !== null ? body : {}) as AnthropicErrorPayload;
  const error = typeof payload.error === 'object' && payload.error !== null ? payload.error : {};
  return {
    type: typeof error.type === 'string' ? error.type : undefined,
    message: typeof error.message === 'string' ? error.message.slice(0, 2000) : '',
  };
}
