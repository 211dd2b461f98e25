import { ERROR_KINDS, GatewayFailure, asFailure, fromWire, openAiErrorBody, toWire } from './index';

describe('gateway errors', () => {
  it.each([
    ['bad_request', 400, 'invalid_request_error'],
    ['authentication', 401, 'authentication_error'],
    ['not_found', 404, 'invalid_request_error'],
    ['rate_limited', 429, 'rate_limit_error'],
    ['timeout', 504, 'timeout_error'],
    ['unavailable', 503, 'service_unavailable_error'],
    ['upstream', 502, 'upstream_error'],
  ] as const)('maps %s to HTTP %i and type %s', (kind, status, type) => {
    const failure = new GatewayFailure(kind, 'boom');
    expect(failure.status).toBe(status);
    expect(openAiErrorBody(failure).error.type).toBe(type);
  });

  it('gives every kind a status in the 4xx or 5xx range', () => {
    for (const kind of ERROR_KINDS) {
      const { status } = new GatewayFailure(kind, 'x');
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
  });

  it('keeps param and code in the OpenAI body, defaulting the code per kind', () => {
    const body = openAiErrorBody(new GatewayFailure('bad_request', 'messages is required', { param: 'messages' }));
    expect(body).toEqual({
      error: { message: 'messages is required', type: 'invalid_request_error', param: 'messages', code: null },
    });
    expect(openAiErrorBody(new GatewayFailure('not_found', 'no such model')).error.code).toBe('model_not_found');
  });

  it('round-trips through the gRPC wire form', () => {
    const original = new GatewayFailure('rate_limited', 'slow down', { retryAfterSeconds: 7, upstreamStatus: 429 });
    const back = fromWire(toWire(original));
    expect(back.kind).toBe('rate_limited');
    expect(back.message).toBe('slow down');
    expect(back.details).toEqual({ param: undefined, code: undefined, retryAfterSeconds: 7, upstreamStatus: 429 });
  });

  it('treats an unknown wire kind and foreign errors as internal', () => {
    expect(fromWire({ kind: 'weird', message: 'm' }).kind).toBe('internal');
    const hidden = asFailure(new Error('connect ECONNREFUSED secret-host'));
    expect(hidden.kind).toBe('internal');
    expect(hidden.message).not.toContain('secret-host');
  });
});
