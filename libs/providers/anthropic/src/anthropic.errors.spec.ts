import { anthropicAdapter } from './anthropic.adapter';
import errors from './fixtures/errors.json';

describe('anthropicAdapter.mapError', () => {
  it.each(errors.map((e) => [e.name, e] as const))('maps %s', (_name, recorded) => {
    const failure = anthropicAdapter.mapError(recorded);
    expect(failure.kind).toBe(recorded.kind);
    expect(failure.details.upstreamStatus).toBe(recorded.status);
  });

  it('keeps the provider message for client errors and the retry-after header', () => {
    const limited = errors.find((e) => e.status === 429)!;
    const failure = anthropicAdapter.mapError(limited);
    expect(failure.message).toBe(limited.body.error.message);
    expect(failure.details.retryAfterSeconds).toBe(12);
    expect(failure.details.code).toBeUndefined();
  });

  it('reads a retry-after given as an HTTP date', () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    const failure = anthropicAdapter.mapError({ status: 429, headers: { 'retry-after': at }, body: {} });
    expect(failure.details.retryAfterSeconds).toBeGreaterThanOrEqual(28);
    expect(failure.details.retryAfterSeconds).toBeLessThanOrEqual(30);
  });

  it('says which status a server error had, with or without a body', () => {
    expect(anthropicAdapter.mapError({ status: 529, headers: {}, body: errors.at(-1)!.body }).message).toBe(
      'upstream returned 529: Overloaded',
    );
    const bare = anthropicAdapter.mapError({ status: 502, headers: {}, body: '<html>Bad Gateway</html>' });
    expect([bare.kind, bare.message]).toEqual(['upstream', 'upstream returned 502']);
  });

  it('recognises a blocked output as a content-policy failure', () => {
    const failure = anthropicAdapter.mapError({
      status: 400,
      headers: {},
      body: {
        type: 'error',
        error: { type: 'invalid_request_error', message: 'Output blocked by content filtering policy' },
      },
    });
    expect(failure.kind).toBe('content_policy');
  });
});

describe('anthropicAdapter embeddings', () => {
  it('declares none, and refuses to build a request for them', () => {
    expect(anthropicAdapter.capabilities).toEqual({ chat: true, stream: true, embeddings: false });
    expect(() => anthropicAdapter.buildEmbeddingRequest({ model: 'm', input: 'x' }, {} as never)).toThrow(
      "provider 'anthropic' does not offer embeddings",
    );
  });
});
