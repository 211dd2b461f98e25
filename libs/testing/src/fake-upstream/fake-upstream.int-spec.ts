import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionTool } from 'openai/resources/chat/completions';
import { countTokens, echoReply, fakeEmbedding, FAKE_MODEL_IDS, startFakeUpstream, type FakeUpstream } from './index';

const API_KEY = 'sk-fake-test-key';
const WEATHER_TOOL: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: {
      type: 'object',
      properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
      required: ['location', 'unit'],
    },
  },
};

describe('fake upstream: OpenAI protocol', () => {
  let fake: FakeUpstream;
  let client: OpenAI;

  beforeAll(async () => {
    fake = await startFakeUpstream({ apiKey: API_KEY });
    client = new OpenAI({ apiKey: API_KEY, baseURL: fake.baseUrl, maxRetries: 0 });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.clearRequests());

  it('answers a chat completion with the real response shape and echoes the last user message', async () => {
    const messages = [
      { role: 'system' as const, content: 'Be brief.' },
      { role: 'user' as const, content: 'Hello there' },
    ];
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });

    expect(completion.id).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/);
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('gpt-4o-mini');
    expect(completion.system_fingerprint).toMatch(/^fp_/);
    expect(Math.abs(completion.created - Date.now() / 1000)).toBeLessThan(5);
    expect(completion.choices).toEqual([
      {
        index: 0,
        message: { role: 'assistant', content: 'Echo: Hello there', refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: 'stop',
      },
    ]);
    const promptTokens = countTokens('Be brief.Hello there');
    const completionTokens = countTokens('Echo: Hello there');
    expect(completion.usage).toEqual({
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      body: { model: 'gpt-4o-mini', messages },
    });
    expect(fake.requests[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('streams SSE with the role first, content chunks, finish, then a usage chunk and [DONE]', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'stream me please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    const reply = echoReply('stream me please');
    // role + 5 content chunks (the default) + finish + usage
    expect(chunks).toHaveLength(8);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'gpt-4o-mini')).toBe(true);
    expect(chunks[0].choices[0]).toEqual({
      index: 0,
      delta: { role: 'assistant', content: '', refusal: null },
      logprobs: null,
      finish_reason: null,
    });
    const content = chunks.slice(1, 6).map((c) => c.choices[0].delta.content);
    expect(content.join('')).toBe(reply);
    expect(content.every((piece) => piece !== '')).toBe(true);
    expect(chunks[6].choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(chunks.slice(0, 7).every((c) => c.usage === null)).toBe(true);
    expect(chunks[7].choices).toEqual([]);
    expect(chunks[7].usage).toMatchObject({
      prompt_tokens: countTokens('stream me please'),
      completion_tokens: countTokens(reply),
      total_tokens: countTokens('stream me please') + countTokens(reply),
    });
  });

  it('sends text/event-stream frames ending in [DONE], with no usage field unless include_usage is set', async () => {
    const response = await fetch(`${fake.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await response.text();
    const frames = text.split('\n\n').filter((frame) => frame !== '');
    expect(frames.every((frame) => frame.startsWith('data: '))).toBe(true);
    expect(frames.at(-1)).toBe('data: [DONE]');
    const payloads = frames.slice(0, -1).map((frame) => JSON.parse(frame.slice('data: '.length)) as object);
    expect(payloads.some((payload) => 'usage' in payload)).toBe(false);
  });

  it('forces a named tool call, with schema-shaped JSON arguments', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [WEATHER_TOOL],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
    const choice = completion.choices[0];
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    const call = choice.message.tool_calls?.[0];
    expect(call).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
    expect(call?.id).toMatch(/^call_/);
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({
      location: 'fake',
      unit: 'celsius',
    });
  });

  it('streams a required tool call as id/name first, then argument fragments', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Weather?' }],
      tools: [WEATHER_TOOL],
      tool_choice: 'required',
      stream: true,
    });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    const first = chunks[0].choices[0].delta.tool_calls?.[0];
    expect(first).toMatchObject({ index: 0, type: 'function', function: { name: 'get_weather', arguments: '' } });
    expect(first?.id).toMatch(/^call_/);
    const fragments = chunks.slice(1, -1).map((c) => c.choices[0].delta.tool_calls?.[0]);
    expect(fragments.length).toBeGreaterThan(1);
    expect(fragments.every((f) => f?.index === 0 && f.id === undefined)).toBe(true);
    expect(JSON.parse(fragments.map((f) => f?.function?.arguments).join(''))).toEqual({
      location: 'fake',
      unit: 'celsius',
    });
    expect(chunks.at(-1)?.choices[0].finish_reason).toBe('tool_calls');
  });

  it('replies with valid JSON in json_object mode, and requires the word json in the prompt like OpenAI', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Answer in JSON: hi' }],
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(completion.choices[0].message.content ?? '')).toEqual({ echo: 'Answer in JSON: hi' });

    const error = await client.chat.completions
      .create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'hi' }],
        response_format: { type: 'json_object' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, param: 'messages', type: 'invalid_request_error' });
  });

  it('returns n choices and bills completion tokens for all of them', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'twice' }],
      n: 2,
    });
    expect(completion.choices.map((c) => [c.index, c.message.content])).toEqual([
      [0, 'Echo: twice'],
      [1, 'Echo: twice'],
    ]);
    expect(completion.usage?.completion_tokens).toBe(2 * countTokens('Echo: twice'));
  });

  it('truncates at max_tokens / max_completion_tokens with finish_reason length', async () => {
    const messages = [{ role: 'user' as const, content: 'a long question that gets a long answer' }];
    const legacy = await client.chat.completions.create({ model: 'gpt-4o', messages, max_tokens: 2 });
    expect(legacy.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: 'Echo: a ' } });
    expect(legacy.usage?.completion_tokens).toBe(2);

    const modern = await client.chat.completions.create({ model: 'gpt-4o', messages, max_completion_tokens: 1 });
    expect(modern.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: 'Echo' } });
  });

  it('returns deterministic unit-length float embeddings for string and array input', async () => {
    const single = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'hello',
      encoding_format: 'float',
    });
    expect(single).toMatchObject({ object: 'list', model: 'text-embedding-3-small' });
    expect(single.data[0]).toMatchObject({ object: 'embedding', index: 0 });
    expect(single.data[0].embedding).toEqual(Array.from(fakeEmbedding('hello')));
    expect(Math.hypot(...single.data[0].embedding)).toBeCloseTo(1, 5);
    expect(single.usage).toEqual({ prompt_tokens: countTokens('hello'), total_tokens: countTokens('hello') });

    const batch = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['a', 'bb'],
      encoding_format: 'float',
      dimensions: 4,
    });
    expect(batch.data.map((d) => [d.index, d.embedding.length])).toEqual([
      [0, 4],
      [1, 4],
    ]);
    expect(batch.data[0].embedding).not.toEqual(batch.data[1].embedding);
  });

  it('encodes base64 embeddings as little-endian float32, as OpenAI does', async () => {
    const response = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'hello',
      encoding_format: 'base64',
    });
    const bytes = Buffer.from(response.data[0].embedding, 'base64');
    const decoded = Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
    expect(decoded).toEqual(Array.from(fakeEmbedding('hello')));

    // The SDK asks for base64 by default and decodes it; that path must give the same floats.
    const sdkDefault = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hello' });
    expect(sdkDefault.data[0].embedding).toEqual(decoded);
    expect(fake.requests.at(-1)?.body).toMatchObject({ encoding_format: 'base64' });
  });

  it('lists and retrieves models, and 404s an unknown one', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(FAKE_MODEL_IDS);

    const model = await client.models.retrieve('gpt-4o-mini');
    expect(model).toMatchObject({ id: 'gpt-4o-mini', object: 'model', owned_by: 'system' });

    const error = await client.models.retrieve('no-such-model').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error).toMatchObject({ code: 'model_not_found' });
  });
});
