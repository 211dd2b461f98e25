import { Client } from 'pg';
import { COMPOSITIONS, FAKE_UPSTREAM_KEY, startTestGateway, TestGateway } from '@gatehouse/testing';
import { adminCall, chat, generateKey } from './admin-client';

const config = (base: string) => `
model_list:
  - model_name: gpt-4o-mini
    litellm_params: { model: openai/gpt-4o-mini, api_base: ${base}, api_key: ${FAKE_UPSTREAM_KEY} }
    model_info: { input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 }
`;

describe.each(COMPOSITIONS)('a Postgres outage, %s composition (requires authentication)', (composition) => {
  let gw: TestGateway;

  beforeAll(async () => {
    // edge-api re-asks auth every second, so the calls below really reach auth while Postgres is away.
    gw = await startTestGateway({ composition, config, postgresProxy: true, env: { AUTH_KEY_CACHE_SECONDS: '1' } });
  });

  afterAll(async () => {
    await gw?.postgres?.restore();
    await gw?.stop();
  });

  it('keeps recently used keys working, answers unknown keys and admin calls with 503, and loses no usage', async () => {
    const seen = await generateKey(gw.url, gw.masterKey, { key_alias: 'seen-before' });
    const unseen = await generateKey(gw.url, gw.masterKey, { key_alias: 'never-used' });
    const revoked = await generateKey(gw.url, gw.masterKey, { key_alias: 'revoked-before' });
    expect((await chat(gw.url, seen, 'gpt-4o-mini', 'before the outage')).status).toBe(200);
    expect((await chat(gw.url, revoked, 'gpt-4o-mini', 'before revocation')).status).toBe(200);
    expect((await adminCall(gw.url, gw.masterKey, 'POST', '/key/delete', { keys: [revoked] })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    await gw.postgres!.cut();
    const during = await chat(gw.url, seen, 'gpt-4o-mini', 'during the outage');
    expect(during.status).toBe(200);
    const unknown = await chat(gw.url, unseen, 'gpt-4o-mini', 'first call ever');
    expect(unknown.status).toBe(503);
    expect(unknown.body.error?.type).toBe('service_unavailable_error');
    // auth remembered the revoked key too, but the revocation made every replica forget it.
    expect((await chat(gw.url, revoked, 'gpt-4o-mini', 'revoked during the outage')).status).toBe(503);
    const admin = await adminCall(gw.url, gw.masterKey, 'POST', '/key/generate', {});
    expect(admin.status).toBe(503);
    expect((await chat(gw.url, gw.masterKey, 'gpt-4o-mini', 'master during the outage')).status).toBe(200);

    await gw.postgres!.restore();
    expect((await chat(gw.url, unseen, 'gpt-4o-mini', 'after the outage')).status).toBe(200);
    // Every call made while Postgres was away reaches the ledger once it is back: usage waited in Kafka.
    expect(await ledgerRowsFor(gw.databaseUrl, ['seen-before', 'never-used'], 3)).toBe(3);
  });
});

describe.each(COMPOSITIONS)(
  'started while Postgres is down, %s composition (requires authentication)',
  (composition) => {
    let gw: TestGateway;

    beforeAll(async () => {
      gw = await startTestGateway({ composition, config, postgresProxy: 'cut' });
    });

    afterAll(async () => {
      await gw?.postgres?.restore();
      await gw?.stop();
    });

    it('serves what needs no database, answers the rest with 503, and recovers when Postgres comes', async () => {
      expect((await chat(gw.url, gw.masterKey, 'gpt-4o-mini', 'no database needed')).status).toBe(200);
      expect((await chat(gw.url, 'sk-not-known-yet-0123456789', 'gpt-4o-mini', 'who am I')).status).toBe(503);
      expect((await adminCall(gw.url, gw.masterKey, 'POST', '/key/generate', {})).status).toBe(503);

      await gw.postgres!.restore();
      let generated = await adminCall<{ key?: string }>(gw.url, gw.masterKey, 'POST', '/key/generate', {});
      for (let i = 0; i < 40 && generated.status !== 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        generated = await adminCall<{ key?: string }>(gw.url, gw.masterKey, 'POST', '/key/generate', {});
      }
      expect(generated.status).toBe(200);
      expect((await chat(gw.url, generated.body.key!, 'gpt-4o-mini', 'after recovery')).status).toBe(200);
    });
  },
);

async function ledgerRowsFor(databaseUrl: string, aliases: string[], expected: number): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    let count = 0;
    for (let i = 0; i < 60 && count < expected; i++) {
      const { rows } = await db.query<{ n: string }>(
        "SELECT COUNT(*) AS n FROM spend_events WHERE key_alias = ANY($1) AND status = 'success'",
        [aliases],
      );
      count = Number(rows[0].n);
      if (count < expected) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return count;
  } finally {
    await db.end();
  }
}
