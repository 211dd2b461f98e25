import { responseCacheKey, ResponseCacheKeyInput } from './cache-key';

const chat = {
  model: 'gpt-4o',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hello' },
  ],
  temperature: 0.2,
  response_format: { type: 'json_schema', json_schema: { name: 'a', schema: { type: 'object', required: ['x'] } } },
};

function keyOf(overrides: Partial<ResponseCacheKeyInput> = {}): string {
  return responseCacheKey({
    namespace: 'team-1',
    route: 'chat.completions',
    model: 'gpt-4o',
    request: chat,
    ...overrides,
  });
}

describe('responseCacheKey', () => {
  it('is a versioned sha256 hex', () => {
    expect(keyOf()).toMatch(/^v1:[0-9a-f]{64}$/);
  });

  it('ignores the order of object keys at every depth', () => {
    const reordered = {
      response_format: { json_schema: { schema: { required: ['x'], type: 'object' }, name: 'a' }, type: 'json_schema' },
      temperature: 0.2,
      messages: [
        { content: 'Be brief.', role: 'system' },
        { content: 'Hello', role: 'user' },
      ],
      model: 'gpt-4o',
    };
    expect(keyOf({ request: reordered })).toBe(keyOf());
  });

  it('keeps the order of arrays', () => {
    expect(keyOf({ request: { ...chat, messages: [...chat.messages].reverse() } })).not.toBe(keyOf());
  });

  it.each([
    ['temperature', { request: { ...chat, temperature: 0.3 } }],
    ['namespace', { namespace: 'team-2' }],
    ['model group', { model: 'gpt-4o-mini' }],
    ['route', { route: 'completions' as const }],
    ['seed', { request: { ...chat, seed: 7 } }],
    ['service_tier', { request: { ...chat, service_tier: 'flex' } }],
    ['n', { request: { ...chat, n: 2 } }],
    ['an unknown field', { request: { ...chat, some_future_knob: true } }],
    ['an ignored name nested below the top level', { request: { ...chat, response_format: { user: 'x' } } }],
  ])('differs by %s', (_what, overrides: Partial<ResponseCacheKeyInput>) => {
    expect(keyOf(overrides)).not.toBe(keyOf());
  });

  it.each([
    ['user', { user: 'alice' }],
    ['metadata', { metadata: { trace: 'abc' } }],
    ['stream', { stream: true }],
    ['stream_options', { stream: true, stream_options: { include_usage: true } }],
    ['cache controls', { cache: { 'no-store': true } }],
    ['guardrails and tags', { guardrails: ['pii'], tags: ['batch'] }],
    ['store', { store: true }],
    ['extra_headers', { extra_headers: { 'x-trace': '1' } }],
    ['the model name as written', { model: 'my-alias' }],
  ])('does not change with %s', (_what, extra: Record<string, unknown>) => {
    expect(keyOf({ request: { ...chat, ...extra } })).toBe(keyOf());
  });
});
