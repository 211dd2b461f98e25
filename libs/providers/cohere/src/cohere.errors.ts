import { ErrorKind, GatewayFailure } from '@gatehouse/errors';
import { UpstreamResponse, retryAfterSeconds } from '@gatehouse/providers-core';
import { CohereErrorPayload } from './cohere.types';

// https://docs.cohere.com/reference/errors
const BY_STATUS: Record<number, ErrorKind> = {
  400: 'bad_request',
  401: 'authentication',
  // 402: the key is valid but its account cannot pay (trial or billing limit). Retrying or
  // re-authenticating does not help, so it is a permission problem, not an authentication one.
  402: 'permission_denied',
  403: 'permission_denied',
  404: 'not_found',
  408: 'timeout',
  413: 'payload_too_large',
  422: 'bad_request',
  429: 'rate_limited',
  // 499: Cohere cancelled the request on its side; nothing the caller sent was wrong.
  499: 'upstream',
  500: 'upstream',
  503: 'unavailable',
  504: 'timeout',
};

// Cohere's context-window errors are 400s whose message starts "too many tokens".
const CONTEXT_WINDOW = /^too many tokens/i;

function upstreamMessage(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const { message } = body as CohereErrorPayload;
  return typeof message === 'string' ? message.slice(0, 2000) : '';
}

function kindOf(status: number, message: string): ErrorKind {
  if (status === 400 && CONTEXT_WINDOW.test(message)) return 'context_window_exceeded';
  return BY_STATUS[status] ?? (status >= 500 ? 'upstream' : 'bad_request');
}

/** Maps a non-2xx Cohere answer to the gateway's failure kinds; 4xx messages are passed on. */
export function fromCohereError(response: UpstreamResponse): GatewayFailure {
  const message = upstreamMessage(response.body);
  const kind = kindOf(response.status, message);
  // Server-side failures say which status they had; client errors pass Cohere's message on.
  const text =
    response.status >= 500 || kind === 'upstream'
      ? `upstream returned ${response.status}${message ? `: ${message}` : ''}`
      : message || `upstream returned ${response.status}`;
  return new GatewayFailure(kind, text, {
    retryAfterSeconds: retryAfterSeconds(response),
    upstreamStatus: response.status,
  });
}
