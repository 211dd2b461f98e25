import { FAKE_COHERE_KEY, startFakeCohere, type FakeCohere } from './index';

describe('fake Cohere server', () => {
  let fake: FakeCohere;
  const post = (path: string, body: unknown, key = FAKE_COHERE_KEY) =>
    fetch(`${fake.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });
  const user = { role: 'user', content: 'hi' };

  beforeAll(async () => {
    fake = await startFakeCohere();
  });
  afterAll(() => fake.close());

  it.each([
    ['a wrong key', '/v2/chat', { model: 'm', messages: [user] }, 401, 'invalid api token', 'wrong'],
    ['an unknown path', '/v1/chat/completions', { model: 'm', messages: [user] }, 404, 'Not Found', undefined],
    ['an OpenAI field', '/v2/chat', { model: 'm', messages: [user], top_p: 1 }, 400, "'top_p'", undefined],
    ['no model', '/v2/chat', { messages: [user] }, 400, 'model', undefined],
    [
      'an orphan tool result',
      '/v2/chat',
      { model: 'm', messages: [{ role: 'tool', tool_call_id: 'x', content: 'r' }] },
      400,
      'tool_call_id',
      undefined,
    ],
    [
      'a lowercase tool_choice',
      '/v2/chat',
      { model: 'm', messages: [user], tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: 'required' },
      400,
      'tool_choice',
      undefined,
    ],
    ['embed without input_type', '/v2/embed', { model: 'e', texts: ['a'] }, 400, 'input_type', undefined],
  ])('refuses %s with Cohere error JSON', async (_name, path, body, status, text, key) => {
    const response = await post(path, body, key);
    expect(response.status).toBe(status);
    const error = (await response.json()) as { id: string; message: string };
    expect(error.message).toContain(text);
    expect(typeof error.id).toBe('string');
  });

  it('answers with the v2 shape and usage in billed units and tokens', async () => {
    const response = await post('/v2/chat', { model: 'm', messages: [{ role: 'system', content: 's' }, user] });
    expect(await response.json()).toMatchObject({
      finish_reason: 'COMPLETE',
      message: { role: 'assistant', content: [{ type: 'text', text: 'Echo: hi' }] },
      usage: { billed_units: { input_tokens: 1, output_tokens: 2 }, tokens: { input_tokens: 65 } },
    });
  });

  it('forces errors from the api_base path, after validation', async () => {
    const limited = await post('/knobs/status=429,retryAfter=7/v2/chat', { model: 'm', messages: [user] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    const overflow = await post('/knobs/overflow/v2/chat', { model: 'm', messages: [user] });
    expect(((await overflow.json()) as { message: string }).message).toMatch(/^too many tokens/);
    expect((await post('/knobs/status=500/v2/chat', { model: 'm' })).status).toBe(400);
  });
});
