import { EmbeddedDatabase } from '@gatehouse/database';
import { FakeUpstream, startFakeUpstream, FAKE_UPSTREAM_KEY, TEST_MASTER_KEY } from '@gatehouse/testing';
import { join } from 'node:path';
import { embeddedConfig, npmStart, NpmStart, npmStartSetup, NpmStartSetup } from './npm-start';

const CALLERS = 6;

/** Calls the gateway in a loop until it stops answering; returns the request ids that got a 200. */
async function callUntilGone(gateway: NpmStart, key: string, caller: number): Promise<string[]> {
  const answered: string[] = [];
  for (let i = 0; ; i++) {
    const requestId = `crash-${caller}-${i}`;
    try {
      const response = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-request-id': requestId },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `call ${i}` }] }),
      });
      await response.arrayBuffer();
      if (response.status === 200) answered.push(requestId);
    } catch {
      return answered; // the gateway is gone
    }
  }
}

interface LedgerRow {
  request_id: string;
  rows: string;
}

/** What the embedded ledger and the key's spend hold, read from the data directory once nothing runs. */
async function readLedger(setup: NpmStartSetup, keyAlias: string) {
  const database = await EmbeddedDatabase.open(join(setup.dataDir, 'db'));
  try {
    const rows = await database.query<LedgerRow>(
      "SELECT request_id, count(*)::text AS rows FROM spend_events WHERE status = 'success' GROUP BY request_id",
    );
    const [ledger] = await database.query<{ total: string | null }>(
      'SELECT sum(cost_micro_usd)::text AS total FROM spend_events WHERE key_alias = $1',
      [keyAlias],
    );
    const [key] = await database.query<{ spend_micro_usd: string }>(
      'SELECT spend_micro_usd FROM api_keys WHERE key_alias = $1',
      [keyAlias],
    );
    return { rows: new Map(rows.map((row) => [row.request_id, Number(row.rows)])), ledger, key };
  } finally {
    await database.close();
  }
}

describe('a kill -9 during traffic on embedded defaults (requires authentication)', () => {
  let upstream: FakeUpstream;
  let setup: NpmStartSetup;

  beforeAll(async () => {
    upstream = await startFakeUpstream({ apiKey: FAKE_UPSTREAM_KEY });
    setup = npmStartSetup(embeddedConfig(upstream.baseUrl));
  });

  afterAll(async () => {
    await upstream?.close();
  });

  it('loses no request that got a 200 and charges each once, after a restart', async () => {
    const first = await npmStart(setup);
    const generated = await fetch(`${first.url}/key/generate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ key_alias: 'crash', max_budget: 100 }),
    });
    const { key } = (await generated.json()) as { key: string };
    const callers = Array.from({ length: CALLERS }, (_, caller) => callUntilGone(first, key, caller));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    process.kill(first.gatewayPid(), 'SIGKILL');
    const answered = (await Promise.all(callers)).flat();
    await first.stop();
    expect(answered.length).toBeGreaterThan(50);

    // The consumers (ledger, spend windows) read on from where they were, each at its own pace; each
    // restart gives them a moment to catch up. One that lost an event would never catch up.
    let ledger = await readLedger(setup, 'crash');
    const caughtUp = () =>
      answered.every((id) => ledger.rows.has(id)) && Number(ledger.key.spend_micro_usd) === Number(ledger.ledger.total);
    for (let restart = 0; restart < 5 && !caughtUp(); restart++) {
      const again = await npmStart(setup);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await again.stop()).toBe(0);
      ledger = await readLedger(setup, 'crash');
    }
    expect(answered.filter((id) => ledger.rows.get(id) !== 1)).toEqual([]);
    // Spend windows and the ledger read the same journal, each applying every event once.
    expect(Number(ledger.key.spend_micro_usd)).toBe(Number(ledger.ledger.total));
    expect(Number(ledger.key.spend_micro_usd)).toBeGreaterThan(0);
  });
});
