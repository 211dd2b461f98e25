import { ErrorKind } from '@gatehouse/errors';
import cases from './fixtures/errors.json';
import { mapGeminiError } from './gemini.errors';

describe('mapGeminiError', () => {
  it.each(cases.map((c) => [c.name, c.status, c.body, c.kind as ErrorKind] as const))(
    'maps %s (HTTP %i) to its kind, keeping the upstream status',
    (_name, status, body, kind) => {
      const failure = mapGeminiError({ status, headers: {}, body });
      expect(failure.kind).toBe(kind);
      expect(failure.details.upstreamStatus).toBe(status);
    },
  );

  it('covers every error kind a provider can produce', () => {
    const kinds = new Set(cases.map((c) => c.kind));
    for (const kind of ['bad_request', 'authentication', 'permission_denied', 'not_found', 'payload_too_large']) {
      expect(kinds).toContain(kind);
    }
    for (const kind of ['rate_limited', 'context_window_exceeded', 'timeout', 'unavailable', 'upstream']) {
      expect(kinds).toContain(kind);
    }
  });

  it('takes the retry delay from RetryInfo, else from retry-after', () => {
    const body = {
      error: {
        code: 429,
        message: 'quota',
        status: 'RESOURCE_EXHAUSTED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '6.2s' }],
      },
    };
    expect(mapGeminiError({ status: 429, headers: { 'retry-after': '30' }, body }).details.retryAfterSeconds).toBe(7);
    const plain = { error: { code: 429, message: 'quota', status: 'RESOURCE_EXHAUSTED' } };
    expect(
      mapGeminiError({ status: 429, headers: { 'retry-after': '12' }, body: plain }).details.retryAfterSeconds,
    ).toBe(12);
    expect(mapGeminiError({ status: 429, headers: {}, body: plain }).details.retryAfterSeconds).toBeUndefined();
  });

  it('passes client-error messages on and prefixes server errors with the status', () => {
    expect(mapGeminiError({ status: 400, headers: {}, body: cases[0].body }).message).toBe(
      "Invalid value at 'contents'",
    );
    expect(mapGeminiError({ status: 500, headers: {}, body: cases[10].body }).message).toBe(
      'upstream returned 500: An internal error has occurred.',
    );
    expect(mapGeminiError({ status: 502, headers: {}, body: '<html>' }).message).toBe('upstream returned 502');
  });
});
