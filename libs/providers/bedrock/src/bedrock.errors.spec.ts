import { fromBedrockError } from './bedrock.errors';

const aws = (name: string, status: number | undefined, message = 'why') => ({
  name,
  message,
  $metadata: { httpStatusCode: status },
});

describe('fromBedrockError', () => {
  it.each([
    ['ValidationException', 400, 'Malformed input request', 'bad_request'],
    ['ValidationException', 400, 'Input is too long for requested model.', 'context_window_exceeded'],
    ['ValidationException', 400, 'prompt is too long: 210000 tokens > 200000 maximum', 'context_window_exceeded'],
    ['ValidationException', 400, 'The maximum tokens you requested exceeds the model limit', 'context_window_exceeded'],
    ['AccessDeniedException', 403, 'no access', 'permission_denied'],
    ['UnrecognizedClientException', 403, 'The security token included in the request is invalid.', 'authentication'],
    ['ExpiredTokenException', 403, 'expired', 'authentication'],
    ['ResourceNotFoundException', 404, 'no model', 'not_found'],
    ['ThrottlingException', 429, 'Too many requests', 'rate_limited'],
    ['ServiceQuotaExceededException', 400, 'quota', 'rate_limited'],
    ['ModelTimeoutException', 408, 'slow', 'timeout'],
    ['ModelNotReadyException', 429, 'warming', 'unavailable'],
    ['ModelStreamErrorException', 424, 'stream', 'unavailable'],
    ['ServiceUnavailableException', 503, 'down', 'unavailable'],
    ['InternalServerException', 500, 'oops', 'upstream'],
    ['SomethingNewException', 502, 'new', 'upstream'],
  ])('maps %s (%i, %j) to %s with the upstream status', (name, status, message, kind) => {
    const failure = fromBedrockError(aws(name, status, message));
    expect(failure.kind).toBe(kind);
    expect(failure.details.upstreamStatus).toBe(status);
  });

  it('keeps a client error message, prefixes a server error with its status, and never adds retry-after', () => {
    expect(fromBedrockError(aws('ValidationException', 400, 'bad field')).message).toBe('bad field');
    expect(fromBedrockError(aws('InternalServerException', 500, 'oops')).message).toBe('upstream returned 500: oops');
    expect(fromBedrockError(aws('ThrottlingException', 429)).details.retryAfterSeconds).toBeUndefined();
    expect(fromBedrockError(aws('ValidationException', 400, 'Input is too long')).details.code).toBe(
      'context_length_exceeded',
    );
  });

  it('describes network failures without the endpoint', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:443'), { code: 'ECONNREFUSED' });
    expect(fromBedrockError(refused)).toMatchObject({
      kind: 'upstream',
      message: 'upstream unreachable (ECONNREFUSED)',
    });
    const aborted = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(fromBedrockError(aborted).kind).toBe('timeout');
  });
});
