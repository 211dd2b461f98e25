import OpenAI from 'openai';
import { describeChatConformance, startTestGateway, TestGateway } from '@gatehouse/testing';
import { FAKE_ANTHROPIC_KEY, startFakeAnthropic, type FakeAnthropic } from '../../../libs/testing/src/fake-anthropic';

/** One `anthropic/` deployment; knobs in the api_base path pick the fake's behaviour. The key comes from env, as LiteLLM configs have it. */
function entry(name: string, apiBase: string, extra = ''): string {
  return [
    `  - model_name: ${name}`,
    '    litellm_params:',
    '      model: anthropic/claude-sonnet-4-5-20250929',
    `      api_base: ${apiBase}`,
    '      api_key: os.environ/ANTHROPIC_API_KEY',
    ...(extra ? [`      ${extra}`] : []),
  ].join('\n');
}

const env = { ANTHROPIC_API_KEY: FAKE_ANTHROPIC_KEY };

describeChatConformance({
  provider: 'anthropic',
  startUpstream: () => startFakeAnthropic(),
  modelList: (url) =>
    [
      entry('chat', url),
      entry('rate-limited', `${url}/knobs/status=429,retryAfter=7`),
      entry('server-error', `${url}/knobs/status=500`),
      entry('context-overflow', `${url}/knobs/contextWindow=0`),
      entry('stalled', `${url}/knobs/stallAfterChunks=1`, 'stream_timeout: 1'),
    ].join('\n') + '\n',
  supports: { tools: true, images: true, jsonMode: true, embeddings: false },
  env,
});

type Chunk = OpenAI.Chat.Completions.ChatCompletionChunk;

describe('anthropic behind the gateway: what only Anthropic has (requires authentication)', () => {
  let fake: FakeAnthropic;
  let gw: TestGateway;
  let client: OpenAI;

  beforeAll(async () => {
    fake = await startFakeAnthropic();
    gw = await startTestGateway({
      config: () =>
        'model_list:\n' +
        [
          entry('claude', fake.url),
          entry('claude-cached', `${fake.url}/knobs/cacheReadTokens=100,cacheCreationTokens=20`),
          entry('overloaded', `${fake.url}/knobs/status=529`),
          entry('breaks-mid-stream', `${fake.url}/knobs/streamError=overloaded_error`),
          entry('refuses', `${fake.url}/knobs/stopReason=refusal`),
          entry('lenient', fake.url, 'drop_params: true'),
        ].join('\n') +
        '\n',
      env,
    });
    client = new OpenAI({ apiKey: gw.masterKey, baseURL: gw.baseURL, maxRetries: 0 });
  });

  afterAll(async () => {
    await gw?.stop();
    await fake?.close();
  });

  it('sends the Messages API shape: key and version headers, system on top, max_tokens defaulted', async () => {
    fake.clearRequests();
    await client.chat.completions.create({
      model: 'claude',
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: 'hello' },
      ],
      stop: ['###'],
      user: 'u-1',
    });
    const sent = fake.requests.at(-1)!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers).toMatchObject({ 'x-api-key': FAKE_ANTHROPIC_KEY, 'anthropic-version': '2023-06-01' });
    expect(sent.body).toEqual({
      model: 'claude-sonnet-4-5-20250929',
      max_tokens: 4096,
      system: 'Be terse.',
      messages: [{ role: 'user', content: 'hello' }],
      stop_sequences: ['###'],
      metadata: { user_id: 'u-1' },
    });
  });

  it('counts cache reads and writes into prompt tokens, reads as cached', async () => {
    const completion = await client.chat.completions.create({
      model: 'claude-cached',
      messages: [{ role: 'user', content: 'abcd' }],
    });
    expect(completion.usage?.prompt_tokens).toBe(1 + 100 + 20);
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(100);
  });

  it('gives thinking back as reasoning_content, in a completion and in a stream', async () => {
    const params = {
      model: 'claude',
      messages: [{ role: 'user' as const, content: 'why' }],
      reasoning_effort: 'low' as const,
    };
    const completion = await client.chat.completions.create(params);
    const message = completion.choices[0].message as (typeof completion.choices)[0]['message'] & {
      reasoning_content?: string;
    };
    expect(message.reasoning_content).toBe('Thinking about: why');
    expect(message.content).toBe('Echo: why');
    const chunks: Chunk[] = [];
    for await (const chunk of await client.chat.completions.create({ ...params, stream: true })) chunks.push(chunk);
    const deltas = chunks.map(
      (c) => c.choices[0]?.delta as { reasoning_content?: string; content?: string | null } | undefined,
    );
    expect(deltas.map((d) => d?.reasoning_content ?? '').join('')).toBe('Thinking about: why');
    expect(deltas.map((d) => d?.content ?? '').join('')).toBe('Echo: why');
  });

  it('maps a refusal to content_filter', async () => {
    const completion = await client.chat.completions.create({
      model: 'refuses',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(completion.choices[0].finish_reason).toBe('content_filter');
  });

  it('answers overloaded (529) as 503, before a stream and inside one', async () => {
    const ask = (model: string) =>
      client.chat.completions.create({ model, messages: [{ role: 'user', content: 'x' }] });
    await expect(ask('overloaded')).rejects.toMatchObject({ status: 503 });
    const stream = await client.chat.completions.create({
      model: 'breaks-mid-stream',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    const seen: Chunk[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) seen.push(chunk);
      })(),
    ).rejects.toThrow(/Overloaded/);
    expect(seen.length).toBeGreaterThan(0);
  });

  it('refuses a parameter Anthropic lacks, unless the deployment drops it', async () => {
    const ask = (model: string) =>
      client.chat.completions.create({ model, seed: 7, messages: [{ role: 'user', content: 'x' }] });
    await expect(ask('claude')).rejects.toMatchObject({ status: 400, param: 'seed' });
    fake.clearRequests();
    await expect(ask('lenient')).resolves.toMatchObject({ object: 'chat.completion' });
    expect(fake.requests.at(-1)?.body).not.toHaveProperty('seed');
  });

  it('refuses embeddings for an Anthropic model', async () => {
    await expect(client.embeddings.create({ model: 'claude', input: 'x' })).rejects.toMatchObject({ status: 400 });
  });
});
