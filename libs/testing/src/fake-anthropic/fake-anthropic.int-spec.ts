import Anthropic from '@anthropic-ai/sdk';
import { FAKE_ANTHROPIC_KEY, startFakeAnthropic, type FakeAnthropic } from './index';

// The official SDK as the judge: if it can read the fake, so can code written against the real API.
// It is pinned to API version 2023-06-01, the one the gateway speaks (the SDK defaults to a newer one).
const options = (baseURL: string) => ({
  apiKey: FAKE_ANTHROPIC_KEY,
  baseURL,
  maxRetries: 0,
  defaultHeaders: { 'anthropic-version': '2023-06-01' },
});

describe('fake Anthropic Messages API, through the official SDK', () => {
  let fake: FakeAnthropic;
  let client: Anthropic;
  const at = (knobs: string) => new Anthropic(options(`${fake.url}/knobs/${knobs}`));

  beforeAll(async () => {
    fake = await startFakeAnthropic();
    client = new Anthropic(options(fake.url));
  });

  afterAll(async () => {
    await fake?.close();
  });

  it('echoes the last user turn, with usage and the SDK headers', async () => {
    fake.clearRequests();
    const message = await client.messages.create({
      model: 'c',
      max_tokens: 100,
      system: 'Be brief.',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'look' },
            { type: 'image', source: { type: 'url', url: 'https://x/y.png' } },
          ],
        },
      ],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'Echo: look [image]', citations: null }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(fake.requests.at(-1)?.headers).toMatchObject({ 'anthropic-version': '2023-06-01' });
  });

  it('streams events the SDK assembles into the same message', async () => {
    const stream = client.messages.stream({
      model: 'c',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'stream me' }],
    });
    const types: string[] = [];
    stream.on('streamEvent', (event) => types.push(event.type));
    const message = await stream.finalMessage();
    expect(message.content).toMatchObject([{ type: 'text', text: 'Echo: stream me' }]);
    expect(types[0]).toBe('message_start');
    expect(types).toContain('content_block_delta');
    expect(types.at(-1)).toBe('message_stop');
    expect(message.usage.output_tokens).toBeGreaterThan(1);
  });

  it('calls a forced tool, streamed as input_json_delta, and answers its result', async () => {
    const tools: Anthropic.Tool[] = [
      {
        name: 'get_weather',
        input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    ];
    const ask: Anthropic.MessageParam = { role: 'user', content: 'weather?' };
    const stream = client.messages.stream({
      model: 'c',
      max_tokens: 100,
      tools,
      tool_choice: { type: 'tool', name: 'get_weather' },
      messages: [ask],
    });
    const first = await stream.finalMessage();
    const use = first.content.find((block) => block.type === 'tool_use');
    expect(use).toMatchObject({ name: 'get_weather', input: { city: 'Paris' } });
    expect(first.stop_reason).toBe('tool_use');
    const second = await client.messages.create({
      model: 'c',
      max_tokens: 100,
      tools,
      messages: [
        ask,
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: use!.type === 'tool_use' ? use!.id : '', content: 'sunny' }],
        },
      ],
    });
    expect(second.content).toMatchObject([{ type: 'text', text: 'Tool said: sunny' }]);
  });

  it('refuses what the real API refuses', async () => {
    const refuse = (body: object) => client.messages.create(body as Anthropic.MessageCreateParamsNonStreaming);
    await expect(refuse({ model: 'c', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      status: 400,
    });
    await expect(
      refuse({
        model: 'c',
        max_tokens: 5,
        messages: [
          { role: 'system', content: 'x' },
          { role: 'user', content: 'x' },
        ],
      }),
    ).rejects.toThrow(/top-level `system`/);
    await expect(
      refuse({ model: 'c', max_tokens: 5, n: 2, messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toThrow(/n: Extra inputs are not permitted/);
    await expect(
      refuse({
        model: 'c',
        max_tokens: 5,
        messages: [
          { role: 'user', content: 'x' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'f', input: {} }] },
          { role: 'user', content: 'no result' },
        ],
      }),
    ).rejects.toThrow(/`tool_use` ids were found without `tool_result`/);
    const wrongKey = new Anthropic({ ...options(fake.url), apiKey: 'nope' });
    await expect(
      wrongKey.messages.create({ model: 'c', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({ status: 401 });
  });

  it('answers knob-forced errors in Anthropic form', async () => {
    const ask = (knobs: string) =>
      at(knobs).messages.create({ model: 'c', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
    const limited = await ask('status=429,retryAfter=7').catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect((limited as InstanceType<typeof Anthropic.APIError>).headers?.get('retry-after')).toBe('7');
    await expect(ask('status=529')).rejects.toMatchObject({
      status: 529,
      error: { error: { type: 'overloaded_error' } },
    });
    await expect(ask('contextWindow=0')).rejects.toThrow(/400 .*prompt is too long/);
  });

  it('fails a stream with an error event after it started', async () => {
    const stream = at('streamError=overloaded_error').messages.stream({
      model: 'c',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'x' }],
    });
    await expect(stream.finalMessage()).rejects.toThrow(/Overloaded/);
  });

  it('cuts at a stop sequence and at max_tokens', async () => {
    const stop = await client.messages.create({
      model: 'c',
      max_tokens: 50,
      stop_sequences: ['two'],
      messages: [{ role: 'user', content: 'one two three' }],
    });
    expect(stop).toMatchObject({
      stop_reason: 'stop_sequence',
      stop_sequence: 'two',
      content: [{ text: 'Echo: one ' }],
    });
    const cut = await client.messages.create({
      model: 'c',
      max_tokens: 1,
      messages: [{ role: 'user', content: 'a long question' }],
    });
    expect(cut).toMatchObject({ stop_reason: 'max_tokens', content: [{ text: 'Echo' }] });
  });

  it('thinks first when thinking is on', async () => {
    const message = await client.messages.create({
      model: 'c',
      max_tokens: 2048,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'why' }],
    });
    expect(message.content[0]).toMatchObject({ type: 'thinking', thinking: 'Thinking about: why' });
  });
});
