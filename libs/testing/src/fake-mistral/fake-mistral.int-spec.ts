import { startFakeMistral, type FakeMistral } from './fake-mistral';
import type { MistralErrorBody } from './mistral-errors';

const KEY = 'mistral-key';
const hello = [{ role: 'user', content: 'hello' }];
const weather = {
  type: 'function',
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

describe('fake Mistral', () => {
  let fake: FakeMistral;
  beforeAll(async () => {
    fake = await startFakeMistral({ apiKey: KEY });
  });
  afterAll(() => fake.close());

  const post = (path: string, body: object, headers: Record<string, string> = { authorization: `Bearer ${KEY}` }) =>
    fetch(`${fake.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model: 'mistral-large-latest', ...body }),
    });
  const chat = (body: object, prefix = '') => post(`${prefix}/v1/chat/completions`, body);
  const errorOf = async (response: Response) => (await response.json()) as MistralErrorBody;

  it('answers chat at /v1 with a bearer key, and records what it received', async () => {
    const response = await chat({ messages: hello, random_seed: 3, max_tokens: 20 });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0].message.content).toBe('Echo: hello');
    expect(fake.requests.at(-1)?.body).toMatchObject({ random_seed: 3, max_tokens: 20 });
  });

  it('requires authentication, answering in its own envelope', async () => {
    const response = await post('/v1/chat/completions', { messages: hello }, { authorization: 'Bearer nope' });
    expect(response.status).toBe(401);
    expect(await errorOf(response)).toMatchObject({ object: 'error', message: 'Unauthorized' });
  });

  it.each([
    ['seed', { seed: 7 }],
    ['max_completion_tokens', { max_completion_tokens: 20 }],
    ['stream_options', { stream: true, stream_options: { include_usage: true } }],
    ['user', { user: 'u-1' }],
  ])('refuses OpenAI’s %s with a 422 naming it', async (field, extra) => {
    const response = await chat({ messages: hello, ...extra });
    expect(response.status).toBe(422);
    const { message } = await errorOf(response);
    expect(message).toEqual({
      detail: [expect.objectContaining({ type: 'extra_forbidden', loc: ['body', field] })],
    });
  });

  it('refuses tool_choice "required" and forces the tool on "any"', async () => {
    const refused = await chat({ messages: hello, tools: [weather], tool_choice: 'required' });
    expect(refused.status).toBe(422);
    expect(await errorOf(refused)).toMatchObject({
      message: { detail: [{ type: 'enum', loc: ['body', 'tool_choice', 'ToolChoiceEnum'], input: 'required' }] },
    });
    const forced = await chat({ messages: hello, tools: [weather], tool_choice: 'any' });
    const body = (await forced.json()) as { choices: { finish_reason: string }[] };
    expect(body.choices[0].finish_reason).toBe('tool_calls');
  });

  it('streams usage on the finishing chunk, with no usage-only chunk', async () => {
    const response = await chat({ messages: hello, stream: true });
    const frames = (await response.text()).split('\n\n').filter(Boolean);
    expect(frames.at(-1)).toBe('data: [DONE]');
    const chunks = frames.slice(0, -1).map((f) => JSON.parse(f.slice('data: '.length)) as Record<string, unknown>);
    expect(chunks.every((c) => Array.isArray(c.choices) && c.choices.length > 0)).toBe(true);
    expect(chunks.filter((c) => 'usage' in c)).toEqual([
      expect.objectContaining({ choices: [expect.objectContaining({ finish_reason: 'stop' })] }),
    ]);
  });

  it('answers embeddings, taking output_dimension and refusing dimensions', async () => {
    const ok = await post('/v1/embeddings', { input: ['a'], output_dimension: 4 });
    expect(((await ok.json()) as { data: { embedding: number[] }[] }).data[0].embedding).toHaveLength(4);
    expect((await post('/v1/embeddings', { input: ['a'], dimensions: 4 })).status).toBe(422);
  });

  it('gives knob errors in Mistral’s form: 429 with retry-after, 500, a context overflow the adapter matches', async () => {
    const limited = await chat({ messages: hello }, '/knobs/status=429,retry-after=7');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(await errorOf(limited)).toMatchObject({ object: 'error', message: 'Requests rate limit exceeded' });
    expect((await chat({ messages: hello }, '/knobs/status=500')).status).toBe(500);
    const overflow = await chat({ messages: hello }, '/knobs/context-overflow');
    expect(overflow.status).toBe(400);
    const { message } = await errorOf(overflow);
    expect(message).toMatch(/too large for model with \d+ maximum context length/);
  });
});
