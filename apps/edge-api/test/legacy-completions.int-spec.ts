import OpenAI from 'openai';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { COMPOSITIONS, FAKE_UPSTREAM_KEY, startTestGateway, TestGateway } from '@gatehouse/testing';

const config = (base: string) => `
model_list:
  - model_name: gpt-4o-mini
    litellm_params:
      model: openai/gpt-4o-mini
      api_base: ${base}
      api_key: ${FAKE_UPSTREAM_KEY}
`;

async function routesOf(db: Client, requestIds: string[]): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    const { rows } = await db.query<{ route: string }>(
      'SELECT route FROM spend_events WHERE request_id = ANY($1) ORDER BY request_id',
      [requestIds],
    );
    if (rows.length === requestIds.length) return rows.map((r) => r.route);
    await sleep(200);
  }
  return [];
}

describe.each(COMPOSITIONS)(
  'edge-api legacy /v1/completions with the openai SDK, %s composition (requires authentication)',
  (composition) => {
    let gw: TestGateway;
    let client: OpenAI;
    let db: Client;

    beforeAll(async () => {
      gw = await startTestGateway({ composition, config });
      client = new OpenAI({ apiKey: gw.masterKey, baseURL: gw.baseURL, maxRetries: 0 });
      db = new Client({ connectionString: gw.databaseUrl });
      await db.connect();
    });

    afterAll(async () => {
      await db?.end();
      await gw?.stop();
    });

    it('answers a prompt as a text_completion, sent upstream as one user message', async () => {
      gw.upstream.clearRequests();
      const requestId = randomUUID();
      const completion = await client.completions.create(
        { model: 'gpt-4o-mini', prompt: 'say this is a test', max_tokens: 50, stop: ['\n\n'] },
        { headers: { 'x-request-id': requestId } },
      );
      expect(completion.object).toBe('text_completion');
      expect(completion.id).toMatch(/^cmpl-/);
      expect(completion.choices).toEqual([
        {
          text: expect.stringContaining('say this is a test') as string,
          index: 0,
          logprobs: null,
          finish_reason: 'stop',
        },
      ]);
      expect(completion.usage?.total_tokens).toBeGreaterThan(0);
      expect(gw.upstream.requests.at(-1)?.body).toMatchObject({
        model: 'gpt-4o-mini',
        max_tokens: 50,
        stop: ['\n\n'],
        messages: [{ role: 'user', content: 'say this is a test' }],
      });
      expect(await routesOf(db, [requestId])).toEqual(['completions']);
    });

    it('answers several prompts and n, numbering choices prompt by prompt', async () => {
      const requestId = randomUUID();
      const completion = await client.completions.create(
        { model: 'gpt-4o-mini', prompt: ['first', 'second'], n: 2 },
        { headers: { 'x-request-id': requestId } },
      );
      expect(completion.choices.map((c) => c.index)).toEqual([0, 1, 2, 3]);
      expect(completion.choices[0].text).toContain('first');
      expect(completion.choices[3].text).toContain('second');
      expect(await routesOf(db, [`${requestId}.0`, `${requestId}.1`])).toEqual(['completions', 'completions']);
    });

    it('streams text_completion chunks then [DONE], usage last when asked', async () => {
      const stream = await client.completions.create({
        model: 'gpt-4o-mini',
        prompt: 'stream this please',
        stream: true,
        stream_options: { include_usage: true },
      });
      const chunks: OpenAI.Completions.Completion[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      expect(chunks.every((c) => c.object === 'text_completion')).toBe(true);
      expect(chunks.map((c) => c.choices[0]?.text ?? '').join('')).toContain('stream this please');
      expect(chunks.some((c) => c.choices[0]?.finish_reason === 'stop')).toBe(true);
      expect(chunks.at(-1)?.usage?.completion_tokens).toBeGreaterThan(0);
    });

    it('refuses what chat models cannot do, in the OpenAI error shape', async () => {
      await expect(client.completions.create({ model: 'gpt-4o-mini', prompt: 'x', suffix: 'y' })).rejects.toMatchObject(
        {
          status: 400,
          param: 'suffix',
          code: 'unsupported_parameter',
        },
      );
      await expect(client.completions.create({ model: 'gpt-4o-mini', prompt: 'x', logprobs: 2 })).rejects.toMatchObject(
        {
          status: 400,
          param: 'logprobs',
        },
      );
      await expect(client.completions.create({ model: 'gpt-4o-mini', prompt: 'x', echo: true })).rejects.toMatchObject({
        status: 400,
        param: 'echo',
      });
      await expect(client.completions.create({ model: 'no-such-model', prompt: 'x' })).rejects.toMatchObject({
        status: 404,
        code: 'model_not_found',
      });
    });

    it('describes a model whose name holds a slash', async () => {
      const response = await fetch(`${gw.baseURL}/models/gpt-4o-mini`, {
        headers: { authorization: `Bearer ${gw.masterKey}` },
      });
      expect(response.status).toBe(200);
      const missing = await fetch(`${gw.baseURL}/models/openai/gpt-4o`, { headers: { 'x-api-key': gw.masterKey } });
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({
        error: { message: "model 'openai/gpt-4o' is not served by this gateway" },
      });
    });
  },
);
