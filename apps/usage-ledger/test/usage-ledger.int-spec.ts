import OpenAI from 'openai';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { FAKE_UPSTREAM_KEY, startTestGateway, TestGateway } from '@gatehouse/testing';

const config = (base: string) => `
model_list:
  - model_name: priced
    litellm_params:
      model: openai/gpt-4o-mini
      api_base: ${base}
      api_key: ${FAKE_UPSTREAM_KEY}
    model_info:
      input_cost_per_token: 0.0000025
      output_cost_per_token: 0.00001
`;

interface Row {
  request_id: string;
  status: string;
  stream: boolean;
  prompt_tokens: number;
  completion_tokens: number;
  cost_micro_usd: string;
}

async function rowsFor(db: Client, ids: string[]): Promise<Row[]> {
  const result = await db.query<Row>(
    'SELECT request_id, status, stream, prompt_tokens, completion_tokens, cost_micro_usd FROM spend_events WHERE request_id = ANY($1)',
    [ids],
  );
  return result.rows;
}

describe('usage ledger: every request becomes exactly one spend row (real Kafka and Postgres)', () => {
  let gw: TestGateway;
  let db: Client;
  let client: OpenAI;

  beforeAll(async () => {
    gw = await startTestGateway({ config });
    db = new Client({ connectionString: gw.databaseUrl });
    await db.connect();
    client = new OpenAI({ apiKey: gw.masterKey, baseURL: gw.baseURL, maxRetries: 0 });
  });

  afterAll(async () => {
    await db?.end();
    await gw?.stop();
  });

  it('stores N rows for N requests, streamed, failed or not, priced in integer micro-dollars', async () => {
    const ids: string[] = [];
    const send = async (body: OpenAI.Chat.ChatCompletionCreateParams) => {
      const id = randomUUID();
      ids.push(id);
      const response = await client.chat.completions.create(body, { headers: { 'x-request-id': id } });
      if ('choices' in response) return;
      for await (const chunk of response) void chunk;
    };
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        send({ model: 'priced', messages: [{ role: 'user', content: `request ${i}` }] }),
      ),
    );
    await send({ model: 'priced', messages: [{ role: 'user', content: 'streamed' }], stream: true });
    await send({ model: 'unknown', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    const n = ids.length;

    let rows: Row[] = [];
    for (let i = 0; i < 100 && rows.length < n; i++) {
      rows = await rowsFor(db, ids);
      if (rows.length < n) await sleep(200);
    }
    expect(rows).toHaveLength(n);
    await sleep(1_000);
    expect(await rowsFor(db, ids)).toHaveLength(n);

    expect(new Set(rows.map((r) => r.request_id))).toEqual(new Set(ids));
    expect(rows.filter((r) => r.status === 'error')).toHaveLength(1);
    expect(rows.filter((r) => r.stream)).toHaveLength(1);
    for (const row of rows.filter((r) => r.status === 'success')) {
      expect(row.prompt_tokens).toBeGreaterThan(0);
      // 2.5 and 10 micro-dollars per token, rounded once per request.
      expect(Number(row.cost_micro_usd)).toBe(Math.round(row.prompt_tokens * 2.5 + row.completion_tokens * 10));
    }
  });
});
