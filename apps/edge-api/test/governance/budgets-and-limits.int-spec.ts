import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { PROVIDER_PREAMBLE_TOKENS } from '@gatehouse/governance';
import { COMPOSITIONS, FAKE_UPSTREAM_KEY, startTestGateway, TestGateway } from '@gatehouse/testing';
import { adminCall, chat, generateKey } from './admin-client';

// $1 per million prompt tokens and $100 per million completion tokens: the completion dominates, so a
// reservation (prompt bound + max_tokens) is close to what a call really costs.
const config = (base: string) => `
model_list:
  - model_name: metered
    litellm_params: { model: openai/gpt-4o-mini, api_base: ${base}, api_key: ${FAKE_UPSTREAM_KEY} }
    model_info: { input_cost_per_token: 0.000001, output_cost_per_token: 0.0001 }
  - model_name: other
    litellm_params: { model: openai/gpt-4o-mini, api_base: ${base}, api_key: ${FAKE_UPSTREAM_KEY} }
`;

/** Long enough that the echoed reply is cut at max_tokens: every call costs about the same. */
const PROMPT = 'budget check '.repeat(30);
const MAX_TOKENS = 50;
const ACTUAL_MICRO_USD = MAX_TOKENS * 100; // completion tokens at $100/M, prompt adds ~100 more
const BODY = JSON.stringify({
  model: 'metered',
  messages: [{ role: 'user', content: PROMPT }],
  max_tokens: MAX_TOKENS,
});
const WORST_CASE_MICRO_USD = Buffer.byteLength(BODY) + PROVIDER_PREAMBLE_TOKENS + MAX_TOKENS * 100;

describe.each(COMPOSITIONS)(
  'budgets and rate limits across two edge-api replicas, %s composition (requires authentication)',
  (composition) => {
    let gw: TestGateway;
    let replicaA: string;
    let replicaB: string;

    beforeAll(async () => {
      gw = await startTestGateway({ composition, config, extraEdgeReplicas: 1 });
      replicaA = gw.url;
      replicaB = gw.replicaBaseURLs[0].replace(/\/v1$/, '');
    });

    afterAll(async () => {
      await gw?.stop();
    });

    it('holds a budget under 50 concurrent calls: spend stays within one worst case of it', async () => {
      const budgetMicroUsd = 10 * ACTUAL_MICRO_USD + 500;
      const key = await generateKey(replicaA, gw.masterKey, {
        key_alias: 'budget-holder',
        models: ['metered'],
        max_budget: budgetMicroUsd / 1e6,
        budget_duration: '30d',
        metadata: { team: 'search' },
      });
      const replies = await Promise.all(
        Array.from({ length: 50 }, (_, i) => chat(i % 2 ? replicaB : replicaA, key, 'metered', PROMPT, MAX_TOKENS)),
      );
      const admitted = replies.filter((reply) => reply.status === 200);
      const refused = replies.filter((reply) => reply.status !== 200);
      expect(admitted.length).toBeGreaterThan(0);
      expect(admitted.length).toBeLessThanOrEqual(10);
      for (const reply of refused) {
        expect([400, 429]).toContain(reply.status);
        expect(reply.body.error?.message).toMatch(/budget/i);
      }
      // Calls one by one then use up what is left (429 while the first wave is still settling), until refused for good.
      let last = 200;
      for (let i = 0; i < 20 && last !== 400; i++) {
        last = (await chat(replicaA, key, 'metered', PROMPT, MAX_TOKENS)).status;
        if (last === 429) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(last).toBe(400);
      const final = await chat(replicaB, key, 'metered', PROMPT, MAX_TOKENS);
      expect(final.status).toBe(400);
      expect(final.body.error).toMatchObject({ type: 'budget_exceeded', code: 'budget_exceeded' });

      const settled = await ledgerSpend(gw.databaseUrl, key);
      expect(settled).toBeGreaterThan(0);
      expect(settled).toBeLessThanOrEqual(budgetMicroUsd + WORST_CASE_MICRO_USD);
      const info = await adminCall<{ info: { spend: number; max_budget: number; remaining_budget: number } }>(
        replicaB,
        gw.masterKey,
        'GET',
        `/key/info?key=${key}`,
      );
      expect(info.status).toBe(200);
      expect(info.body.info.max_budget).toBeCloseTo(budgetMicroUsd / 1e6, 6);
    });

    it('admits 20 of 40 calls in a minute with rpm_limit 20, across both replicas', async () => {
      const key = await generateKey(replicaA, gw.masterKey, { key_alias: 'rpm-20', rpm_limit: 20 });
      const replies = await Promise.all(
        Array.from({ length: 40 }, (_, i) => chat(i % 2 ? replicaB : replicaA, key, 'other', 'rate me')),
      );
      const admitted = replies.filter((reply) => reply.status === 200);
      const limited = replies.filter((reply) => reply.status === 429);
      expect(admitted).toHaveLength(20);
      expect(limited).toHaveLength(20);
      for (const reply of limited) {
        expect(reply.body.error?.type).toBe('rate_limit_error');
        expect(Number(reply.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      expect(admitted[0].headers.get('x-ratelimit-limit-requests')).toBe('20');
      const remaining = admitted.map((reply) => Number(reply.headers.get('x-ratelimit-remaining-requests')));
      expect(Math.min(...remaining)).toBe(0);
      // A stream refused before it starts is an ordinary JSON 429, not an event stream.
      const stream = await fetch(`${replicaB}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'other', stream: true, messages: [{ role: 'user', content: 'one more' }] }),
      });
      expect(stream.status).toBe(429);
      expect(stream.headers.get('content-type')).toContain('application/json');
      expect(Number(stream.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    });

    it('refuses a key revoked through replica A on replica B within one second', async () => {
      const key = await generateKey(replicaA, gw.masterKey, { key_alias: 'soon-revoked' });
      expect((await chat(replicaB, key, 'other', 'warm the cache')).status).toBe(200);
      expect((await chat(replicaB, key, 'other', 'served from the cache')).status).toBe(200);
      const revoked = await adminCall(replicaA, gw.masterKey, 'POST', '/key/delete', { keys: [key] });
      expect(revoked.status).toBe(200);
      const start = Date.now();
      let status = 200;
      while (status === 200 && Date.now() - start < 3_000)
        status = (await chat(replicaB, key, 'other', 'still?')).status;
      expect(status).toBe(401);
      expect(Date.now() - start).toBeLessThan(1_000);
    });

    it('refuses expired and blocked keys, and models a key may not use', async () => {
      const expiring = await generateKey(replicaA, gw.masterKey, { duration: '1s' });
      expect((await chat(replicaB, expiring, 'other', 'before expiry')).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const expired = await chat(replicaB, expiring, 'other', 'after expiry');
      expect(expired.status).toBe(401);
      expect(expired.body.error?.message).toMatch(/expired/);

      const blockable = await generateKey(replicaA, gw.masterKey, { key_alias: 'blockable' });
      expect((await chat(replicaB, blockable, 'other', 'before block')).status).toBe(200);
      expect((await adminCall(replicaA, gw.masterKey, 'POST', '/key/block', { key: blockable })).status).toBe(200);
      await expectStatusWithin(() => chat(replicaB, blockable, 'other', 'after block'), 401, 1_000);
      expect((await adminCall(replicaA, gw.masterKey, 'POST', '/key/unblock', { key: blockable })).status).toBe(200);
      await expectStatusWithin(() => chat(replicaB, blockable, 'other', 'after unblock'), 200, 1_000);

      const narrow = await generateKey(replicaA, gw.masterKey, { models: ['metered'] });
      const forbidden = await chat(replicaA, narrow, 'other', 'not mine');
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.error?.message).toContain("'other'");
    });

    it('keeps admin routes to the master key and admin roles', async () => {
      const plain = await generateKey(replicaA, gw.masterKey, {});
      const denied = await adminCall(replicaA, plain, 'POST', '/key/generate', {});
      expect(denied.status).toBe(403);
      const own = await adminCall<{ key: string }>(replicaA, plain, 'GET', '/key/info');
      expect(own.status).toBe(200);
      expect(own.body.key).toBe(createHash('sha256').update(plain).digest('hex'));
      const invalid = await adminCall<{ error: { param: string } }>(replicaA, gw.masterKey, 'POST', '/key/generate', {
        max_budget: 'lots',
      });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.param).toBe('max_budget');
    });
  },
);

async function expectStatusWithin(call: () => Promise<{ status: number }>, status: number, withinMs: number) {
  const start = Date.now();
  let seen = (await call()).status;
  while (seen !== status && Date.now() - start < withinMs + 2_000) seen = (await call()).status;
  expect(seen).toBe(status);
  expect(Date.now() - start).toBeLessThan(withinMs);
}

/** What the ledger settled for a key, once usage-ledger has every event of it. */
async function ledgerSpend(databaseUrl: string, key: string): Promise<number> {
  const subject = createHash('sha256').update(key).digest('hex');
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    let last = -1;
    for (let i = 0; i < 50; i++) {
      const { rows } = await db.query<{ spend: string; n: string }>(
        'SELECT COALESCE(SUM(cost_micro_usd), 0) AS spend, COUNT(*) AS n FROM spend_events WHERE principal_subject = $1',
        [subject],
      );
      const spend = Number(rows[0].spend);
      if (spend === last && Number(rows[0].n) > 0) return spend;
      last = spend;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return last;
  } finally {
    await db.end();
  }
}
