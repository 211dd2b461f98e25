import { COMPOSITIONS, FAKE_UPSTREAM_KEY, startTestGateway, TestGateway } from '@gatehouse/testing';
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { generateKey } from './governance/admin-client';

// The embedding deployment embeds by words (the fake's `wordEmbeddings`), so prompts sharing most
// of their words are near neighbours and unrelated ones are not; each embedding is 7 tokens at
// 10 micro-dollars a token.
const config = (base: string) => `
model_list:
  - model_name: chat
    model_info: { id: chat-1 }
    litellm_params:
      model: openai/gpt-4o-mini
      api_base: "${base}"
      api_key: ${FAKE_UPSTREAM_KEY}
      input_cost_per_token: 0.000001
      output_cost_per_token: 0.000002
  - model_name: embedder
    model_info: { id: embedder-1 }
    litellm_params:
      model: openai/text-embedding-3-small
      api_base: "${base.replace(/\/v1$/, '/knobs/wordEmbeddings=true,promptTokens=7/v1')}"
      api_key: ${FAKE_UPSTREAM_KEY}
      dimensions: 256
      input_cost_per_token: 0.00001
litellm_settings:
  cache: true
  cache_params:
    type: redis-semantic
    similarity_threshold: 0.8
    redis_semantic_cache_embedding_model: embedder
    ttl: 60
`;

describe.each(COMPOSITIONS)('semantic cache, %s composition (requires authentication)', (composition) => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ composition, config, extraEdgeReplicas: 1 });
  });

  afterAll(async () => {
    await gw?.stop();
  });

  beforeEach(() => gw.upstream.clearRequests());

  const ask = async (key: string, content: string, baseURL = gw.baseURL) => {
    const response = await fetch(`${baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content }] }),
    });
    return { status: response.status, hit: response.headers.get('x-gatehouse-cache-hit'), text: await response.text() };
  };
  const chatCalls = () => gw.upstream.requests.filter((request) => request.path.endsWith('/chat/completions'));
  const embeddingCalls = () => gw.upstream.requests.filter((request) => request.path.endsWith('/embeddings'));
  // Each test asks about its own subject, so one test's entries are never another's neighbours.
  const subject = () => `zebra${Math.random().toString(36).slice(2, 8)}`;

  it('answers a similar question from the cache, billing only the embedding', async () => {
    const key = await generateKey(gw.url, gw.masterKey, { key_alias: 'semantic-billing' });
    const topic = subject();
    const first = await ask(key, `What is the capital city of the ${topic} republic?`);
    expect(first).toMatchObject({ status: 200, hit: 'false' });
    // The entry reaches the index through a write after the answer: ask until a lookup finds it.
    const { answer: similar, tries } = await eventually(() =>
      ask(key, `what is the capital city of the ${topic} republic today`),
    );
    expect(similar).toMatchObject({ status: 200, hit: 'true', text: first.text });
    expect(chatCalls()).toHaveLength(tries);
    expect(embeddingCalls()).toHaveLength(1 + tries);
    expect(embeddingCalls()[0].body).toMatchObject({ model: 'text-embedding-3-small', dimensions: 256 });

    const events = await ledgerEvents(gw.databaseUrl, key, 1 + tries);
    const [miss, hit] = [events[0], events[events.length - 1]];
    // A hit costs its embedding, 7 tokens at 10 micro-dollars, and counts no tokens of an answer.
    expect(hit).toEqual({ cache_hit: true, cost: 70, tokens: 0 });
    expect(miss.cache_hit).toBe(false);
    expect(miss.cost).toBeGreaterThan(70);
  });

  it('asks the provider for a question that is not similar', async () => {
    const topic = subject();
    await ask(gw.masterKey, `What is the capital city of the ${topic} republic?`);
    expect(
      (await eventually(() => ask(gw.masterKey, `The capital city of the ${topic} republic is?`))).answer.hit,
    ).toBe('true');
    const other = await ask(gw.masterKey, `Tell me a long joke about ${topic} cats and dogs`);
    expect(other).toMatchObject({ status: 200, hit: 'false' });
    expect(other.text).toContain('cats and dogs');
  });

  it('shares entries between replicas', async () => {
    const topic = subject();
    const first = await ask(gw.masterKey, `Which rivers flow through the ${topic} valley?`);
    expect(first.hit).toBe('false');
    const { answer: elsewhere } = await eventually(() =>
      ask(gw.masterKey, `which rivers flow through the ${topic} valley now`, gw.replicaBaseURLs[0]),
    );
    expect(elsewhere).toMatchObject({ status: 200, hit: 'true', text: first.text });
  });
});

/** Asks until the answer is a cache hit, for at most five seconds: the last answer, and how many asks. */
async function eventually<A extends { hit: string | null }>(ask: () => Promise<A>) {
  const deadline = Date.now() + 5_000;
  for (let tries = 1; ; tries++) {
    const answer = await ask();
    if (answer.hit === 'true' || Date.now() > deadline) return { answer, tries };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

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
    throw new Error(`the ledger did not record ${count} events`);
  } finally {
    await db.end();
  }
}
