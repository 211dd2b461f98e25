import { ErrorKind, GatewayFailure } from '@gatehouse/errors';
import { UpstreamResponse, retryAfterSeconds as headerRetryAfter } from '@gatehouse/providers-core';
import { GeminiErrorPayload } from './gemini.types';

// https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes — Google's canonical statuses.
const BY_STATUS_NAME: Record<string, ErrorKind> = {
  INVALID_ARGUMENT: 'bad_request',
  FAILED_PRECONDITION: 'bad_request',
  OUT_OF_RANGE: 'bad_request',
  UNAUTHENTICATED: 'authentication',
  PERMISSION_DENIED: 'permission_denied',
  NOT_FOUND: 'not_found',
  RESOURCE_EXHAUSTED: 'rate_limited',
  CANCELLED: 'timeout',
  DEADLINE_EXCEEDED: 'timeout',
  INTERNAL: 'upstream',
  UNKNOWN: 'upstream',
  UNAVAILABLE: 'unavailable',
};

const BY_HTTP_STATUS: Record<number, ErrorKind> = {
  400: 'bad_request',
  401: 'authentication',
  403: 'permission_denied',
  404: 'not_found',
  408: 'timeout',
  413: 'payload_too_large',
  429: 'rate_limited',
  499: 'timeout',
  503: 'unavailable',
  504: 'timeout',
};

// "The input token count (1048577) exceeds the maximum number of tokens allowed (1048576)."
const CONTEXT_WINDOW = /input token count|exceeds the maximum number of tokens|context window|prompt is too long/i;

interface GoogleDetail {
  '@type'?: unknown;
  reason?: unknown;
  retryDelay?: unknown;
}

function detailsOf(error: NonNullable<GeminiErrorPayload['error']>): GoogleDetail[] {
  return Array.isArray(error.details)
    ? (error.details as GoogleDetail[]).filter((d) => d && typeof d === 'object')
    : [];
}

/** RetryInfo's `retryDelay` ("7s", "1.5s"), else the retry-after header. */
function retryAfterSeconds(response: UpstreamResponse, details: GoogleDetail[]): number | undefined {
  for (const detail of details) {
    const delay = typeof detail.retryDelay === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(detail.retryDelay) : null;
    if (delay) return Math.ceil(Number(delay[1]));
  }
  return headerRetryAfter(response);
}

function errorOf(body: unknown): NonNullable<GeminiErrorPayload['error']> {
  // Some endpoints wrap the envelope in an array; a non-JSON body (a proxy page) has none.
  const payload = (Array.isArray(body) ? (body[0] as unknown) : body) as GeminiErrorPayload | null;
  const error = payload && typeof payload === 'object' ? payload.error : undefined;
  return error && typeof error === 'object' ? error : {};
}

function kindOf(response: UpstreamResponse, statusName: string | undefined, message: string, details: GoogleDetail[]) {
  // An invalid key is answered 400 INVALID_ARGUMENT with reason API_KEY_INVALID.
  if (details.some((d) => d.reason === 'API_KEY_INVALID')) return 'authentication';
  const kind: ErrorKind =
    (statusName && BY_STATUS_NAME[statusName]) ||
    BY_HTTP_STATUS[response.status] ||
    (response.status >= 500 ? 'upstream' : 'bad_request');
  return kind === 'bad_request' && CONTEXT_WINDOW.test(message) ? 'context_window_exceeded' : kind;
}

/**
 * Google's `{error:{code,message,status,details}}` onto the gateway's kinds. Google's status names
 * are not OpenAI error codes, so the code is left to the kind's default.
 */
export function mapGeminiError(response: UpstreamResponse): GatewayFailure {
  const error = errorOf(response.body);
  const statusName = typeof error.status === 'string' ? error.status : undefined;
  const upstreamMessage = typeof error.message === 'string' ? error.message.slice(0, 2000) : '';
  const details = detailsOf(error);
  const kind = kindOf(response, statusName, upstreamMessage, details);
  const message =
    response.status >= 500
      ? `upstream returned ${response.status}${upstreamMessage ? `: ${upstreamMessage}` : ''}`
      : upstreamMessage || `upstream returned ${response.status}`;
  return new GatewayFailure(kind, message, {
    retryAfterSeconds: kind === 'rate_limited' ? retryAfterSeconds(response, details) : undefined,
    upstreamStatus: response.status,
  });
}
