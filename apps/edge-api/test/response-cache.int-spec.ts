import { COMPOSITIONS, FAKE_UPSTREAM_KEY, startTestGateway, TestGateway } from '@gatehouse/testing';
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { adminCall, generateKey } from './governance/admin-client';

const config = (base: string) => `
model_list:
  - model_name: cached
    model_info: { id: cached-1 }
    litellm_params:
      model: openai/gpt-4o-mini
      api_base: "${base}"
      api_key: ${FAKE_UPSTREAM_KEY}
      input_cost_per_token: 0.000001
      output_cost_per_token: 0.000002
litellm_settings:
  cache: true
  cache_params: { type: redis, ttl: 60 }
`;

describe.each(COMPOSITIONS)('response cache, %s composition (requires authentication)', (composition) => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ composition, config });
  });

  afterAll(async () => {
    await gw?.stop();
  });

  beforeEach(() => gw.upstream.clearRequests());

  const ask = async (
    key: string,
    content: string,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${gw.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model: 'cached', messages: [{ role: 'user', content }], ...extra }),
    });
    return { status: response.status, hit: response.headers.get('x-gatehouse-cache-hit'), text: await response.text() };
  };
  const unique = () => `question ${Math.random()}`;

  it('answers a repeat from the cache without calling the provider, marked as a hit and billed nothing', async () => {
    const key = await generateKey(gw.url, gw.masterKey, { key_alias: 'cache-billing' });
    const question = unique();
    const first = await ask(key, question);
    const second = await ask(key, question);
    expect(first).toMatchObject({ status: 200, hit: 'false' });
    expect(second).toMatchObject({ status: 200, hit: 'true', text: first.text });
    expect(gw.upstream.requests).toHaveLength(1);
    const events = await ledgerEvents(gw.databaseUrl, key, 2);
    expect(events).toEqual([
      { cache_hit: false, cost: expect.any(Number) as number, tokens: expect.any(Number) as number },
      { cache_hit: true, cost: 0, tokens: 0 },
    ]);
    expect(events[0].cost).toBeGreaterThan(0);
  });

  it('bypasses the cache with no-cache and does not write with no-store, from the header or the request', async () => {
    const question = unique();
    expect(await ask(gw.masterKey, question, { cache: { 'no-store': true } })).toMatchObject({ hit: 'false' });
    expect(await ask(gw.masterKey, question, {}, { 'cache-control': 'no-store' })).toMatchObject({ hit: 'false' });
    expect(await ask(gw.masterKey, question)).toMatchObject({ hit: 'false' });
    expect(await ask(gw.masterKey, question, { cache: { 'no-cache': true } })).toMatchObject({ hit: 'false' });
    expect(await ask(gw.masterKey, question, {}, { 'cache-control': 'no-cache' })).toMatchObject({ hit: 'false' });
    expect(await ask(gw.masterKey, question)).toMatchObject({ hit: 'true' });
    expect(gw.upstream.requests).toHaveLength(5);
    // The gateway's own field is not sent on.
    expect(gw.upstream.requests[0].body).not.toHaveProperty('cache');
  });

  it('keeps each team to its own answers', async () => {
    const team = async (alias: string) =>
      (await adminCall<{ team_id: string }>(gw.url, gw.masterKey, 'POST', '/team/new', { team_alias: alias })).body
        .team_id;
    const [red, blue] = [await team('red'), await team('blue')];
    const redKey = await generateKey(gw.url, gw.masterKey, { team_id: red });
    const otherRedKey = await generateKey(gw.url, gw.masterKey, { team_id: red });
    const blueKey = await generateKey(gw.url, gw.masterKey, { team_id: blue });
    const question = unique();
    expect(await ask(redKey, question)).toMatchObject({ hit: 'false' });
    expect(await ask(blueKey, question)).toMatchObject({ hit: 'false' });
    expect(await ask(otherRedKey, question)).toMatchObject({ hit: 'true' });
  });

  it('replays a streamed answer as a stream, usage chunk included', async () => {
    const question = unique();
    const stream = { stream: true, stream_options: { include_usage: true } };
    const first = await ask(gw.masterKey, question, stream);
    const second = await ask(gw.masterKey, question, stream);
    expect(second.hit).toBe('true');
    expect(second.text).toBe(first.text);
    expect(second.text).toContain('"usage":{"prompt_tokens"');
    expect(second.text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(gw.upstream.requests).toHaveLength(1);
    // A whole answer is not a stream: asking without stream is a miss of its own.
    expect(await ask(gw.masterKey, question)).toMatchObject({ hit: 'false' });
  });
});

/** The ledger's rows for a key, oldest first, once it holds `count` of them. */
async function ledgerEvents(databaseUrl: string, key: string, count: number) {
  const subject = createHash('sha256').update(key).digest('hex');
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    for (let i = 0; i < 60; i++) {
      const { rows } = await db.query<{ cache_hit: boolean; cost: string; tokens: string }>(
        'SELECT cache_hit, cost_micro_usd AS cost, total_tokens AS tokens FROM spend_events WHERE principal_subject = $1 ORDER BY occurred_at',
        [subject],
      );
      if (rows.length >= count)
        return rows.map((row) => ({ cache_hit: row.cache_hit, cost: Number(row.cost), tokens: Number(row.tokens) }));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`the ledger never held ${count} events for the key`);
  } finally {
    await db.end();
  }
}
