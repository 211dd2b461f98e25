import { startFakeGemini, type FakeGemini } from './index';

const KEY = 'fake-key';
const PATH = '/v1beta/models/gemini-2.0-flash';
const user = (text: string) => ({ role: 'user', parts: [{ text }] });

describe('fake-gemini', () => {
  let fake: FakeGemini;
  beforeAll(async () => {
    fake = await startFakeGemini({ apiKey: KEY });
  });
  afterAll(() => fake.close());

  const post = async (path: string, body: unknown, headers: Record<string, string> = { 'x-goog-api-key': KEY }) => {
    const response = await fetch(`${fake.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  const json = (text: string): unknown => JSON.parse(text);

  it('echoes the last user turn with usage', async () => {
    const res = await post(`${PATH}:generateContent`, {
      contents: [user('a'), { role: 'model', parts: [{ text: 'b' }] }, user('c')],
    });
    expect(res.status).toBe(200);
    expect(json(res.text)).toMatchObject({
      candidates: [{ content: { role: 'model', parts: [{ text: 'Echo: c' }] }, finishReason: 'STOP' }],
      usageMetadata: { totalTokenCount: expect.any(Number) as number },
    });
  });

  it.each([
    ['no key', {}, 403, 'PERMISSION_DENIED'],
    ['a wrong key', { 'x-goog-api-key': 'other' }, 400, 'INVALID_ARGUMENT'],
  ])('refuses %s', async (_name, headers, status, code) => {
    const res = await post(`${PATH}:generateContent`, { contents: [user('x')] }, headers);
    expect(res.status).toBe(status);
    expect(json(res.text)).toMatchObject({ error: { status: code } });
  });

  it.each([
    ['no contents', {}],
    ['an assistant role', { contents: [{ role: 'assistant', parts: [{ text: 'x' }] }] }],
    ['an unknown field', { contents: [user('x')], generation_config: {} }],
    ['empty parts', { contents: [{ role: 'user', parts: [] }] }],
    [
      'a functionResponse naming no call',
      {
        contents: [
          user('x'),
          { role: 'model', parts: [{ functionCall: { name: 'a', args: {} } }] },
          { role: 'user', parts: [{ functionResponse: { name: 'b', response: { content: 'r' } } }] },
        ],
      },
    ],
  ])('answers 400 INVALID_ARGUMENT for %s', async (_name, body) => {
    const res = await post(`${PATH}:generateContent`, body);
    expect(res.status).toBe(400);
    expect(json(res.text)).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
  });

  it('forces a 429 with RetryInfo and retry-after from a path knob', async () => {
    const res = await post(`/knobs/status=429,retryAfter=7${PATH}:generateContent`, { contents: [user('x')] });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(json(res.text)).toMatchObject({ error: { details: [{ retryDelay: '7s' }] } });
  });

  it('streams SSE frames with the finish reason and full usage on the last', async () => {
    const res = await post(`${PATH}:streamGenerateContent?alt=sse`, { contents: [user('stream me')] });
    const frames = res.text
      .split('\r\n\r\n')
      .filter(Boolean)
      .map((f) => json(f.replace(/^data: /, '')) as { candidates: { content: { parts: { text: string }[] } }[] });
    expect(frames.map((f) => f.candidates[0].content.parts[0].text).join('')).toBe('Echo: stream me');
    expect(frames.at(-1)).toMatchObject({
      candidates: [{ finishReason: 'STOP' }],
      usageMetadata: { candidatesTokenCount: 4 },
    });
  });

  it('embeds in batches, checking each request names the model in the URL', async () => {
    const ok = await post(`${PATH}:batchEmbedContents`, {
      requests: [{ model: 'models/gemini-2.0-flash', content: { parts: [{ text: 'a' }] } }],
    });
    expect((json(ok.text) as { embeddings: { values: number[] }[] }).embeddings[0].values).toHaveLength(8);
    const wrong = await post(`${PATH}:batchEmbedContents`, {
      requests: [{ model: 'models/other', content: { parts: [{ text: 'a' }] } }],
    });
    expect(wrong.status).toBe(400);
  });
});
