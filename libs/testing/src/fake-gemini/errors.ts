/** Google's error envelope: https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes */
export interface GoogleErrorBody {
  error: { code: number; message: string; status: string; details?: unknown[] };
}

/** Thrown while handling a request; the server answers with Google's error JSON. */
export class GoogleError extends Error {
  constructor(
    readonly code: number,
    readonly status: string,
    message: string,
    readonly details: unknown[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  toBody(): GoogleErrorBody {
    const error: GoogleErrorBody['error'] = { code: this.code, message: this.message, status: this.status };
    if (this.details.length > 0) error.details = this.details;
    return { error };
  }
}

export function invalidArgument(message: string): GoogleError {
  return new GoogleError(400, 'INVALID_ARGUMENT', message);
}

export function invalidApiKey(): GoogleError {
  return new GoogleError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
    {
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: 'API_KEY_INVALID',
      domain: 'googleapis.com',
      metadata: { service: 'generativelanguage.googleapis.com' },
    },
  ]);
}

export function missingApiKey(): GoogleError {
  return new GoogleError(
    403,
    'PERMISSION_DENIED',
    "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
  );
}

export function notFound(what: string): GoogleError {
  return new GoogleError(404, 'NOT_FOUND', what);
}

export function contextOverflow(): GoogleError {
  return invalidArgument('The input token count (1048577) exceeds the maximum number of tokens allowed (1048576).');
}

/** What the real API answers for each status the `status` knob can force. */
export function forcedError(status: number, retryAfterSeconds: number): GoogleError {
  switch (status) {
    case 429:
      return new GoogleError(
        429,
        'RESOURCE_EXHAUSTED',
        'You exceeded your current quota, please check your plan and billing details.',
        [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfterSeconds}s` }],
        { 'retry-after': String(retryAfterSeconds) },
      );
    case 500:
      return new GoogleError(
        500,
        'INTERNAL',
        'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
      );
    case 503:
      return new GoogleError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.');
    case 504:
      return new GoogleError(504, 'DEADLINE_EXCEEDED', 'Deadline expired before operation could complete.');
    case 401:
      return new GoogleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
    case 403:
      return new GoogleError(403, 'PERMISSION_DENIED', 'The caller does not have permission');
    case 404:
      return notFound('models/forced-by-fake-gemini is not found for API version v1beta.');
    default:
      return new GoogleError(
        status,
        status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT',
        `Error ${status} forced by fake-gemini.`,
      );
  }
}
