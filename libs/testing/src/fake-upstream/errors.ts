/** OpenAI's error envelope: https://platform.openai.com/docs/guides/error-codes */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** Thrown anywhere while handling a request; the server turns it into OpenAI's error JSON. */
export class OpenAiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  toBody(): OpenAiErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export function invalidRequest(message: string, param: string | null = null, code: string | null = null): OpenAiError {
  return new OpenAiError(400, 'invalid_request_error', message, param, code);
}

export function missingParameter(param: string): OpenAiError {
  return invalidRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
}

export function invalidType(param: string, expected: string, value: unknown): OpenAiError {
  return invalidRequest(
    `Invalid type for '${param}': expected ${expected}, but got ${describeType(value)} instead.`,
    param,
    'invalid_type',
  );
}

export function belowMinimum(param: string, minimum: number, value: number): OpenAiError {
  return invalidRequest(
    `Invalid '${param}': integer below minimum value. Expected a value >= ${minimum}, but got ${value} instead.`,
    param,
    'integer_below_minimum',
  );
}

export function aboveMaximum(param: string, maximum: number, value: number): OpenAiError {
  return invalidRequest(
    `Invalid '${param}': integer above maximum value. Expected a value <= ${maximum}, but got ${value} instead.`,
    param,
    'integer_above_maximum',
  );
}

export function invalidApiKey(provided: string | undefined): OpenAiError {
  const message =
    provided === undefined
      ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
      : `Incorrect API key provided: ${redact(provided)}. You can find your API key at https://platform.openai.com/account/api-keys.`;
  return new OpenAiError(401, 'invalid_request_error', message, null, 'invalid_api_key');
}

export function invalidUrl(method: string, path: string): OpenAiError {
  return new OpenAiError(404, 'invalid_request_error', `Invalid URL (${method} ${path})`);
}

export function modelNotFound(model: string): OpenAiError {
  return new OpenAiError(
    404,
    'invalid_request_error',
    `The model '${model}' does not exist or you do not have access to it.`,
    'model',
    'model_not_found',
  );
}

/** OpenAI's answer when the prompt does not fit the model's context window. */
export function contextLengthExceeded(): OpenAiError {
  return invalidRequest(
    "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.",
    'messages',
    'context_length_exceeded',
  );
}

/** OpenAI's answer when its safety system refuses the prompt. */
export function contentPolicyViolation(): OpenAiError {
  return invalidRequest(
    'Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.',
    'messages',
    'content_policy_violation',
  );
}

/** The error a real upstream returns for each status the `status` knob can force. */
export function forcedError(status: number, retryAfterSeconds: number): OpenAiError {
  switch (status) {
    case 400:
      return invalidRequest('Invalid request (forced by the fake upstream).');
    case 401:
      return invalidApiKey('forced-by-fake-upstream');
    case 403:
      return new OpenAiError(403, 'invalid_request_error', 'You are not allowed to sample from this model.');
    case 404:
      return modelNotFound('forced-by-fake-upstream');
    case 429:
      // OpenAI reports rate limits with type "requests" or "tokens", never "invalid_request_error".
      return new OpenAiError(
        429,
        'requests',
        `Rate limit reached for requests. Please try again in ${retryAfterSeconds}s.`,
        null,
        'rate_limit_exceeded',
        { 'retry-after': String(retryAfterSeconds) },
      );
    case 500:
      return new OpenAiError(
        500,
        'server_error',
        'The server had an error while processing your request. Sorry about that!',
      );
    case 503:
      return new OpenAiError(503, 'server_error', 'The server is overloaded or not ready yet.');
    default:
      return new OpenAiError(
        status,
        status >= 500 ? 'server_error' : 'invalid_request_error',
        `Error ${status} forced by the fake upstream.`,
      );
  }
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function redact(key: string): string {
  return key.length <= 8 ? '****' : `${key.slice(0, 3)}****${key.slice(-4)}`;
}
