import { ErrorKind, GatewayFailure } from '@gatehouse/errors';
import { UpstreamResponse, retryAfterSeconds } from '@gatehouse/providers-core';
import { OpenAiErrorPayload } from './openai.types';

const BY_STATUS: Record<number, ErrorKind> = {
  400: 'bad_request',
  401: 'authentication',
  403: 'permission_denied',
  404: 'not_found',
  408: 'timeout',
  413: 'payload_too_large',
  422: 'bad_request',
  429: 'rate_limited',
  503: 'unavailable',
  504: 'timeout',
  529: 'unavailable',
};

// https://platform.openai.com/docs/guides/error-codes — the 400s that deserve their own kind.
const BY_CODE: Record<string, ErrorKind> = {
  context_length_exceeded: 'context_window_exceeded',
  content_policy_violation: 'content_policy',
  content_filter: 'content_policy',
};

export function mapOpenAiError(response: UpstreamResponse): GatewayFailure {
  const payload = (response.body ?? {}) as OpenAiErrorPayload;
  const error = typeof payload === 'object' && payload.error && typeof payload.error === 'object' ? payload.error : {};
  const code = typeof error.code === 'string' ? error.code : undefined;
  const kind =
    (code && BY_CODE[code]) || BY_STATUS[response.status] || (response.status >= 500 ? 'upstream' : 'bad_request');
  const upstreamMessage = typeof error.message === 'string' ? error.message.slice(0, 2000) : '';
  const message =
    response.status >= 500
      ? `upstream returned ${response.status}${upstreamMessage ? `: ${upstreamMessage}` : ''}`
      : upstreamMessage || `upstream returned ${response.status}`;
  return new GatewayFailure(kind, message, {
    param: typeof error.param === 'string' ? error.param : undefined,
    code,
    retryAfterSeconds: retryAfterSeconds(response),
    upstreamStatus: response.status,
  });
}
