import OpenAI from 'openai';
import {
  describeChatConformance,
  startFakeMistral,
  startTestGateway,
  type FakeMistral,
  type TestGateway,
} from '@gatehouse/testing';

const API_KEY = 'mistral-conformance-key';

/** One `mistral/` deployment; knobs in the api_base path (before `/v1`) pick the fake's behaviour. */
function entry(name: string, apiBase: string, extra = '', model = 'mistral-large-latest'): string {
  return [
    `  - model_name: ${name}`,
    '    litellm_params:',
    `      model: mistral/${model}`,
    `      api_base: ${apiBase}/v1`,
    `      api_key: ${API_KEY}`,
    ...(extra ? [`      ${extra}`] : []),
  ].join('\n');
}

const startFake = () => startFakeMistral({ apiKey: API_KEY, defaults: { toolArguments: '{"city":"Paris"}' } });

describeChatConformance({
  provider: 'mistral',
  startUpstream: startFake,
  modelList: (url) =>
    [
      entry('chat', url),
      entry('rate-limited', `${url}/knobs/status=429,retry-after=7`),
      entry('server-error', `${url}/knobs/status=500`),
      entry('context-overflow', `${url}/knobs/context-overflow`),
      entry('stalled', `${url}/knobs/stall-after-chunks=1`, 'stream_timeout: 1'),
      entry('embed', url, '', 'mistral-embed'),
    ].join('\n') + '\n',
  supports: { tools: true, images: true, jsonMode: true, embeddings: true },
});

describe('mistral behind the gateway: what only Mistral names differently (requires authentication)', () => {
  let fake: FakeMistral;
  let gw: TestGateway;
  let client: OpenAI;

  beforeAll(async () => {
    fake = await startFake();
    gw = await startTestGateway({ config: () => `model_list:\n${entry('chat', fake.url)}\n` });
    client = new OpenAI({ apiKey: gw.masterKey, baseURL: gw.baseURL, maxRetries: 0 });
  });

  afterAll(async () => {
    await gw?.stop();
    await fake?.close();
  });

  it('sends seed, max_completion_tokens and tool_choice "required" under Mistral’s names', async () => {
    fake.clearRequests();
    const completion = await client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'weather in Paris?' }],
      seed: 7,
      max_completion_tokens: 50,
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
        },
      ],
      tool_choice: 'required',
    });
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    const sent = fake.requests.at(-1);
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent?.body).toMatchObject({ random_seed: 7, max_tokens: 50, tool_choice: 'any' });
    expect(sent?.body).not.toHaveProperty('seed');
    expect(sent?.body).not.toHaveProperty('max_completion_tokens');
  });
});
