import OpenAI from 'openai';
import { randomUUID } from 'node:crypto';
import { COMPOSITIONS, FAKE_UPSTREAM_KEY, startTestGateway, TestGateway } from '@gatehouse/testing';

const config = (base: string) => {
  const origin = base.replace(/\/v1$/, '');
  return `
model_list:
  - model_name: gpt-4o-mini
    litellm_params:
      model: openai/gpt-4o-mini
      api_base: ${base}
      api_key: ${FAKE_UPSTREAM_KEY}
    model_info:
      input_cost_per_token: 0.0000025
      output_cost_per_token: 0.00001
  - model_name: text-embedding-3-small
    litellm_params:
      model: openai/text-embedding-3-small
      api_base: ${base}
      api_key: ${FAKE_UPSTREAM_KEY}
  - model_name: always-500
    litellm_params:
      model: openai/gpt-4o-mini
      api_base: ${origin}/knobs/status=500/v1
      api_key: ${FAKE_UPSTREAM_KEY}
  - model_name: too-slow
    litellm_params:
      model: openai/gpt-4o-mini
      api_base: ${origin}/knobs/latencyMs=3000/v1
      api_key: ${FAKE_UPSTREAM_KEY}
      timeout: 1
`;
};

describe.each(COMPOSITIONS)(
  'edge-api with the official openai SDK, %s composition (requires authentication)',
  (composition) => {
    let gw: TestGateway;
    let client: OpenAI;

    beforeAll(async () => {
      gw = await startTestGateway({ composition, config });
      client = new OpenAI({ apiKey: gw.masterKey, baseURL: gw.baseURL, maxRetries: 0 });
    });

    afterAll(async () => {
      await gw?.stop();
    });

    it('gets a chat completion, sending the provider model and the upstream key', async () => {
      gw.upstream.clearRequests();
      const completion = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'ping from the sdk' }],
      });
      expect(completion.object).toBe('chat.completion');
      expect(completion.choices[0].message.content).toContain('ping from the sdk');
      expect(completion.choices[0].finish_reason).toBe('stop');
      expect(completion.usage?.total_tokens).toBeGreaterThan(0);
      const sent = gw.upstream.requests.at(-1);
      expect(sent?.path).toBe('/v1/chat/completions');
      expect(sent?.headers.authorization).toBe(`Bearer ${FAKE_UPSTREAM_KEY}`);
      expect((sent?.body as { model: string }).model).toBe('gpt-4o-mini');
    });

    it('streams chunks then [DONE], with the usage chunk last when include_usage is set', async () => {
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'stream this please' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      expect(chunks.length).toBeGreaterThan(2);
      const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
      expect(text).toContain('stream this please');
      expect(chunks.some((c) => c.choices[0]?.finish_reason === 'stop')).toBe(true);
      const last = chunks.at(-1)!;
      expect(last.choices).toEqual([]);
      expect(last.usage?.completion_tokens).toBeGreaterThan(0);
      expect(last.usage?.total_tokens).toBe((last.usage?.prompt_tokens ?? 0) + (last.usage?.completion_tokens ?? 0));
      expect(chunks.slice(0, -1).every((c) => !c.usage)).toBe(true);
    });

    it('leaves usage out of a stream that did not ask for it', async () => {
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'no usage' }],
        stream: true,
      });
      const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      expect(chunks.length).toBeGreaterThan(1);
      expect(chunks.every((c) => !c.usage && c.choices.length > 0)).toBe(true);
    });

    it('lists the configured models and describes one', async () => {
      const models = [];
      for await (const model of client.models.list()) models.push(model.id);
      expect(models).toEqual(['gpt-4o-mini', 'text-embedding-3-small', 'always-500', 'too-slow']);
      expect((await client.models.retrieve('gpt-4o-mini')).id).toBe('gpt-4o-mini');
    });

    it('creates embeddings', async () => {
      const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
      expect(result.data).toHaveLength(2);
      expect(result.data[0].embedding.length).toBeGreaterThan(0);
    });
  },
);

describe.each(COMPOSITIONS)(
  'edge-api errors in the OpenAI shape, %s composition (requires authentication)',
  (composition) => {
    let gw: TestGateway;
    let client: OpenAI;

    beforeAll(async () => {
      gw = await startTestGateway({ composition, config });
      client = new OpenAI({ apiKey: gw.masterKey, baseURL: gw.baseURL, maxRetries: 0 });
    });

    afterAll(async () => {
      await gw?.stop();
    });

    interface ErrorBody {
      error: { message: string; type: string; param: string | null; code: string | null };
    }
    const errorOf = async (response: Response) => ((await response.json()) as ErrorBody).error;

    const post = (body: string, headers: Record<string, string> = { authorization: `Bearer ${gw.masterKey}` }) =>
      fetch(`${gw.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });

    it('refuses a missing key with 401', async () => {
      const response = await post(
        JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
        {},
      );
      expect(response.status).toBe(401);
      expect(await errorOf(response)).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key' });
    });

    it('refuses a wrong key with 401 through the SDK', async () => {
      const wrong = new OpenAI({ apiKey: 'sk-wrong', baseURL: gw.baseURL, maxRetries: 0 });
      await expect(wrong.models.list()).rejects.toMatchObject({ status: 401 });
    });

    it('answers a malformed body with 400', async () => {
      const response = await post('{"model": "gpt-4o-mini", "messages": [');
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error.type).toBe('invalid_request_error');
      expect(error.message).toMatch(/not valid JSON/);
    });

    it('answers a body without messages with 400 naming the parameter', async () => {
      const response = await post(JSON.stringify({ model: 'gpt-4o-mini' }));
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toMatchObject({ param: 'messages', type: 'invalid_request_error' });
    });

    it('answers an unknown model with 404', async () => {
      await expect(
        client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }),
      ).rejects.toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    });

    it('answers an upstream 500 with 502, and an upstream that does not answer in time with 504', async () => {
      await expect(
        client.chat.completions.create({ model: 'always-500', messages: [{ role: 'user', content: 'x' }] }),
      ).rejects.toMatchObject({ status: 502, type: 'upstream_error' });
      await expect(
        client.chat.completions.create({ model: 'too-slow', messages: [{ role: 'user', content: 'x' }] }),
      ).rejects.toMatchObject({ status: 504 });
    });

    it('fails a stream whose upstream fails with the same status before any chunk', async () => {
      const attempt = client.chat.completions.create({
        model: 'always-500',
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      });
      await expect(attempt).rejects.toMatchObject({ status: 502 });
    });

    it('keeps every service up after all of that', async () => {
      const completion = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'still alive' }],
      });
      expect(completion.choices[0].message.content).toContain('still alive');
      for (const [name, app] of gw.gateway.apps) expect([name, app.alive]).toEqual([name, true]);
    });

    it('echoes a caller-supplied x-request-id', async () => {
      const id = randomUUID();
      const { response } = await client.models.list({ headers: { 'x-request-id': id } }).withResponse();
      expect(response.headers.get('x-request-id')).toBe(id);
    });
  },
);
