import Anthropic from '@anthropic-ai/sdk';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { COMPOSITIONS, FAKE_UPSTREAM_KEY, startTestGateway, TestGateway } from '@gatehouse/testing';
// libs/testing's index does not export the Bedrock fake yet; imported from its folder as provider-workers does.
import { FakeBedrock, startFakeBedrock } from '../../../libs/testing/src/fake-bedrock';

const config = (base: string) => `
model_list:
  - model_name: claude-via-openai
    litellm_params:
      model: openai/gpt-4o-mini
      api_base: ${base}
      api_key: ${FAKE_UPSTREAM_KEY}
  - model_name: always-500
    litellm_params:
      model: openai/gpt-4o-mini
      api_base: ${base.replace(/\/v1$/, '')}/knobs/status=500/v1
      api_key: ${FAKE_UPSTREAM_KEY}
`;

const weatherTool: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

async function routeOf(db: Client, requestId: string): Promise<string | undefined> {
  for (let i = 0; i < 100; i++) {
    const { rows } = await db.query<{ route: string }>('SELECT route FROM spend_events WHERE request_id = $1', [
      requestId,
    ]);
    if (rows[0]) return rows[0].route;
    await sleep(200);
  }
  return undefined;
}

describe.each(COMPOSITIONS)(
  'edge-api /v1/messages with the official Anthropic SDK, OpenAI upstream, %s composition (requires authentication)',
  (composition) => {
    let gw: TestGateway;
    let client: Anthropic;
    let db: Client;

    beforeAll(async () => {
      gw = await startTestGateway({ composition, config });
      client = new Anthropic({ apiKey: gw.masterKey, baseURL: gw.url, maxRetries: 0 });
      db = new Client({ connectionString: gw.databaseUrl });
      await db.connect();
    });

    afterAll(async () => {
      await db?.end();
      await gw?.stop();
    });

    it('answers a message, authenticated by x-api-key, sending a canonical chat request upstream', async () => {
      gw.upstream.clearRequests();
      const requestId = randomUUID();
      const message = await client.messages.create(
        {
          model: 'claude-via-openai',
          max_tokens: 200,
          system: 'be brief',
          messages: [{ role: 'user', content: 'ping from anthropic' }],
        },
        { headers: { 'x-request-id': requestId } },
      );
      expect(message).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-via-openai' });
      expect(message.id).toMatch(/^msg_/);
      expect(message.stop_reason).toBe('end_turn');
      expect(message.content).toEqual([
        { type: 'text', text: expect.stringContaining('ping from anthropic') as string },
      ]);
      expect(message.usage.input_tokens).toBeGreaterThan(0);
      expect(message.usage.output_tokens).toBeGreaterThan(0);
      const sent = gw.upstream.requests.at(-1);
      expect(sent?.path).toBe('/v1/chat/completions');
      expect(sent?.body).toMatchObject({
        model: 'gpt-4o-mini',
        max_tokens: 200,
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: 'ping from anthropic' },
        ],
      });
      expect(await routeOf(db, requestId)).toBe('messages');
    });

    it('cuts at max_tokens with stop_reason max_tokens', async () => {
      const message = await client.messages.create({
        model: 'claude-via-openai',
        max_tokens: 2,
        messages: [{ role: 'user', content: 'a rather long prompt to be cut short' }],
      });
      expect(message.stop_reason).toBe('max_tokens');
    });

    it('streams in Anthropic event grammar, with output_tokens in message_delta', async () => {
      const stream = client.messages.stream({
        model: 'claude-via-openai',
        max_tokens: 200,
        messages: [{ role: 'user', content: 'stream this please' }],
      });
      const types: string[] = [];
      for await (const event of stream) types.push(event.type);
      const final = await stream.finalMessage();
      expect(types[0]).toBe('message_start');
      expect(types[1]).toBe('content_block_start');
      expect(types.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
      expect(types.filter((t) => t === 'content_block_delta').length).toBeGreaterThan(1);
      expect(final.content).toEqual([{ type: 'text', text: expect.stringContaining('stream this please') as string }]);
      expect(final.stop_reason).toBe('end_turn');
      expect(final.usage.output_tokens).toBeGreaterThan(0);
      expect(gw.upstream.requests.at(-1)?.body).toMatchObject({
        stream: true,
        stream_options: { include_usage: true },
      });
    });

    it('makes a tool_use round trip, answered and streamed', async () => {
      const first = await client.messages.create({
        model: 'claude-via-openai',
        max_tokens: 200,
        tools: [weatherTool],
        tool_choice: { type: 'tool', name: 'get_weather' },
        messages: [{ role: 'user', content: 'weather in Paris?' }],
      });
      expect(first.stop_reason).toBe('tool_use');
      const toolUse = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
      expect(toolUse).toMatchObject({ name: 'get_weather', input: { city: 'fake' } });

      const streamed = await client.messages
        .stream({
          model: 'claude-via-openai',
          max_tokens: 200,
          tools: [weatherTool],
          tool_choice: { type: 'any' },
          messages: [{ role: 'user', content: 'weather in Paris?' }],
        })
        .finalMessage();
      expect(streamed.stop_reason).toBe('tool_use');
      expect(streamed.content.find((b) => b.type === 'tool_use')).toMatchObject({ input: { city: 'fake' } });

      const second = await client.messages.create({
        model: 'claude-via-openai',
        max_tokens: 200,
        tools: [weatherTool],
        messages: [
          { role: 'user', content: 'weather in Paris?' },
          { role: 'assistant', content: first.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse!.id, content: 'sunny, 21C' }] },
        ],
      });
      expect(second.stop_reason).toBe('end_turn');
      expect(second.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('sunny, 21C') as string });
      expect(gw.upstream.requests.at(-1)?.body).toMatchObject({
        messages: [
          { role: 'user' },
          { role: 'assistant', tool_calls: [{ id: toolUse!.id, function: { name: 'get_weather' } }] },
          { role: 'tool', tool_call_id: toolUse!.id, content: 'sunny, 21C' },
        ],
      });
    });

    it('answers errors in Anthropic shape: unknown model, wrong key, bad request, upstream failure', async () => {
      await expect(
        client.messages.create({ model: 'no-such-model', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
      ).rejects.toMatchObject({ status: 404, error: { type: 'error', error: { type: 'not_found_error' } } });

      const wrong = new Anthropic({ apiKey: 'sk-wrong', baseURL: gw.url, maxRetries: 0 });
      await expect(
        wrong.messages.create({
          model: 'claude-via-openai',
          max_tokens: 10,
          messages: [{ role: 'user', content: 'x' }],
        }),
      ).rejects.toBeInstanceOf(Anthropic.AuthenticationError);

      await expect(
        client.messages.create({
          model: 'claude-via-openai',
          max_tokens: 0,
          messages: [{ role: 'user', content: 'x' }],
        }),
      ).rejects.toMatchObject({ status: 400, error: { error: { type: 'invalid_request_error' } } });

      await expect(
        client.messages.create({ model: 'always-500', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
      ).rejects.toMatchObject({ status: 502, error: { error: { type: 'api_error' } } });
      await expect(
        client.messages
          .stream({ model: 'always-500', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
          .finalMessage(),
      ).rejects.toMatchObject({ status: 502 });
    });

    it('also serves /messages and accepts Authorization: Bearer', async () => {
      const response = await fetch(`${gw.url}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${gw.masterKey}` },
        body: JSON.stringify({
          model: 'claude-via-openai',
          max_tokens: 20,
          messages: [{ role: 'user', content: 'hi' }],
        }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ type: 'message' });
    });
  },
);

const BEDROCK_KEY_ID = 'AKIAFAKE0123456789AB';
const bedrockEntry = (name: string, apiBase: string) => `
  - model_name: ${name}
    litellm_params:
      model: bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0
      api_base: ${apiBase}
      aws_access_key_id: ${BEDROCK_KEY_ID}
      aws_secret_access_key: fake-secret
      aws_region_name: us-east-1`;

describe.each(COMPOSITIONS)(
  'edge-api /v1/messages with the official Anthropic SDK, Bedrock upstream, %s composition (requires authentication)',
  (composition) => {
    let bedrock: FakeBedrock;
    let gw: TestGateway;
    let client: Anthropic;

    beforeAll(async () => {
      bedrock = await startFakeBedrock({ accessKeyId: BEDROCK_KEY_ID });
      const modelList =
        bedrockEntry('claude', bedrock.url) + bedrockEntry('bedrock-500', `${bedrock.url}/knobs/status=500`);
      gw = await startTestGateway({ composition, config: () => `model_list:${modelList}\n` });
      client = new Anthropic({ apiKey: gw.masterKey, baseURL: gw.url, maxRetries: 0 });
    });

    afterAll(async () => {
      await gw?.stop();
      await bedrock?.close();
    });

    it('answers and streams a message through Converse', async () => {
      const params = {
        model: 'claude',
        max_tokens: 200,
        messages: [{ role: 'user' as const, content: 'hello bedrock' }],
      };
      const message = await client.messages.create(params);
      expect(message).toMatchObject({ type: 'message', stop_reason: 'end_turn', model: 'claude' });
      expect(message.content).toEqual([{ type: 'text', text: 'Echo: hello bedrock' }]);
      expect(message.usage.output_tokens).toBeGreaterThan(0);
      expect(bedrock.requests.at(-1)?.path).toMatch(/\/converse$/);

      const stream = client.messages.stream(params);
      const types: string[] = [];
      for await (const event of stream) types.push(event.type);
      const final = await stream.finalMessage();
      expect(types[0]).toBe('message_start');
      expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
      expect(final.content).toEqual([{ type: 'text', text: 'Echo: hello bedrock' }]);
      expect(final.usage.output_tokens).toBeGreaterThan(0);
      expect(bedrock.requests.at(-1)?.path).toMatch(/\/converse-stream$/);
    });

    it('makes a tool_use round trip', async () => {
      const first = await client.messages.create({
        model: 'claude',
        max_tokens: 200,
        tools: [weatherTool],
        tool_choice: { type: 'tool', name: 'get_weather' },
        messages: [{ role: 'user', content: 'weather in Paris?' }],
      });
      expect(first.stop_reason).toBe('tool_use');
      const toolUse = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
      expect(toolUse).toMatchObject({ name: 'get_weather', input: { city: 'Paris' } });
      const second = await client.messages.create({
        model: 'claude',
        max_tokens: 200,
        tools: [weatherTool],
        messages: [
          { role: 'user', content: 'weather in Paris?' },
          { role: 'assistant', content: first.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse!.id, content: 'sunny' }] },
        ],
      });
      expect(second.content).toEqual([{ type: 'text', text: 'Tool said: sunny' }]);
    });

    it('answers an upstream failure in Anthropic shape', async () => {
      await expect(
        client.messages.create({ model: 'bedrock-500', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
      ).rejects.toMatchObject({ status: 502, error: { type: 'error', error: { type: 'api_error' } } });
    });
  },
);
