/**
 * Anthropic's error envelope (https://docs.anthropic.com/en/api/errors):
 * `{"type":"error","error":{"type","message"},"request_id"}`.
 */
export class AnthropicApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  toBody(requestId: string): { type: 'error'; error: { type: string; message: string }; request_id: string } {
    return { type: 'error', error: { type: this.type, message: this.message }, request_id: requestId };
  }
}

export function invalidRequest(message: string): AnthropicApiError {
  return new AnthropicApiError(400, 'invalid_request_error', message);
}

/** The error type Anthropic sends with each status, and the message it uses. */
const FORCED: Readonly<Record<number, { type: string; message: string }>> = {
  400: { type: 'invalid_request_error', message: 'Invalid request (forced by the fake).' },
  401: { type: 'authentication_error', message: 'invalid x-api-key' },
  402: { type: 'billing_error', message: 'Your credit balance is too low to access the Anthropic API.' },
  403: { type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' },
  404: { type: 'not_found_error', message: 'Not found (forced by the fake).' },
  413: { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' },
  429: { type: 'rate_limit_error', message: 'This request would exceed your rate limit (forced by the fake).' },
  500: { type: 'api_error', message: 'Internal server error' },
  504: { type: 'timeout_error', message: 'Request timed out' },
  529: { type: 'overloaded_error', message: 'Overloaded' },
};

export function forcedError(status: number, retryAfterSeconds: number): AnthropicApiError {
  const known = FORCED[status] ?? {
    type: status >= 500 ? 'api_error' : 'invalid_request_error',
    message: `Error ${status} forced by the fake.`,
  };
  const headers: Record<string, string> = status === 429 ? { 'retry-after': String(retryAfterSeconds) } : {};
  return new AnthropicApiError(status, known.type, known.message, headers);
}

/** The error event a stream carries when it fails after answering 200. */
export function streamErrorEvent(type: string): { type: 'error'; error: { type: string; message: string } } {
  const known = Object.values(FORCED).find((entry) => entry.type === type);
  return { type: 'error', error: { type, message: known?.message ?? `${type} (forced by the fake)` } };
}

export function promptTooLong(tokens: number, maximum: number): AnthropicApiError {
  return invalidRequest(`prompt is too long: ${tokens} tokens > ${maximum} maximum`);
}
