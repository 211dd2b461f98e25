import { UsageEventV1 } from '@gatehouse/contracts';
import { AdmissionStore, createGovernanceRedis, governanceRedisReady } from '@gatehouse/governance';
import { createLogger } from '@gatehouse/logging';
import { DatabaseConnector } from '@gatehouse/runtime';
import { Infra, startInfra } from '@gatehouse/testing';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/config/data-source-options';
import { SpendRepository } from '../src/repositories/spend.repository';
import { SpendReconciler } from '../src/services/spend-reconciler';
import { SpendService } from '../src/services/spend.service';

const DAY_MS = 86_400_000;

function usage(overrides: { keyId: string; userId?: string; teamId?: string; cost: number; at: Date }): UsageEventV1 {
  return {
    schema: 'usage.v1',
    event_id: randomUUID(),
    occurred_at: overrides.at.toISOString(),
    request_id: randomUUID(),
    traceparent: '',
    principal: {
      kind: 'virtual_key',
      subject: 'hash',
      key_id: overrides.keyId,
      user_id: overrides.userId,
      team_id: overrides.teamId,
    },
    route: 'chat.completions',
    model: 'gpt-4o',
    stream: false,
    status: 'success',
    http_status: 200,
    attempts: 1,
    cache_hit: false,
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    cost_micro_usd: overrides.cost,
    latency_ms: 1,
  };
}

describe('spend per budget window, from usage.v1 into Postgres and back into Redis', () => {
  let infra: Infra;
  let db: DataSource;
  let redis: Redis;
  let spend: SpendService;
  let store: AdmissionStore;
  let reconciler: SpendReconciler;
  const anchor = new Date(Date.now() - 1.5 * DAY_MS); // the current 1d window started half a day ago
  const currentWindow = new Date(anchor.getTime() + DAY_MS);
  const keyId = randomUUID();

  beforeAll(async () => {
    infra = await startInfra();
    db = new DataSource(dataSourceOptions({ url: await infra.createDatabase('spend') }));
    await db.initialize();
    redis = createGovernanceRedis(infra.redisUrl);
    await governanceRedisReady(redis);
    store = new AdmissionStore(redis, infra.keyPrefix());
    const repository = new SpendRepository(db);
    spend = new SpendService(repository);
    const logger = createLogger('auth-test', 'silent');
    reconciler = new SpendReconciler(repository, store, new DatabaseConnector(db, logger), logger);
    await db.query(
      `INSERT INTO teams (id, max_budget_micro_usd, budget_duration, budget_anchor) VALUES ('search', 50000000, '1d', $1)`,
      [anchor],
    );
    await db.query(`INSERT INTO users (id, max_budget_micro_usd, budget_anchor) VALUES ('ana', 9000000, $1)`, [anchor]);
    await db.query(
      `INSERT INTO api_keys (id, key_hash, key_name, user_id, team_id, max_budget_micro_usd, budget_duration, budget_anchor)
       VALUES ($1, 'h1', 'sk-...h1', 'ana', 'search', 1000000, '1d', $2)`,
      [keyId, anchor],
    );
  });

  afterAll(async () => {
    redis?.disconnect();
    await db?.destroy();
    await infra?.stop();
  });

  const spendOf = async (table: string, id: string) =>
    (
      await db.query<{ spend: string; window: Date | null }[]>(
        `SELECT spend_micro_usd AS spend, spend_window_start AS window FROM ${table} WHERE id = $1`,
        [id],
      )
    )[0];

  it('charges the key, its user and its team once per request, in the window the call fell in', async () => {
    const yesterday = new Date(anchor.getTime() + DAY_MS / 2);
    const old = usage({ keyId, userId: 'ana', teamId: 'search', cost: 700, at: yesterday });
    const now = usage({ keyId, userId: 'ana', teamId: 'search', cost: 1_200, at: new Date() });
    const again = usage({ keyId, userId: 'ana', teamId: 'search', cost: 300, at: new Date() });
    await spend.apply([old]);
    expect(await spendOf('api_keys', keyId)).toEqual({ spend: '700', window: anchor });
    // A replayed batch (at-least-once delivery) and a duplicate inside a batch change nothing twice.
    await spend.apply([now, now, old]);
    await spend.apply([now, again]);
    expect(await spendOf('api_keys', keyId)).toEqual({ spend: '1500', window: currentWindow });
    expect(await spendOf('teams', 'search')).toEqual({ spend: '1500', window: currentWindow });
    // The user's budget never resets: its one window is the anchor, so all three calls count.
    expect(await spendOf('users', 'ana')).toEqual({ spend: '2200', window: anchor });
  });

  it('raises the Redis counters of current windows to the Postgres figure, and never lowers them', async () => {
    const rebuilt = await reconciler.reconcile();
    expect(rebuilt).toBe(3);
    expect(await store.currentSpend('key', keyId, currentWindow.getTime())).toBe(1_500);
    expect(await store.currentSpend('team', 'search', currentWindow.getTime())).toBe(1_500);
    expect(await store.currentSpend('user', 'ana', anchor.getTime())).toBe(2_200);

    await store.raiseSpend([
      { kind: 'key', id: keyId, windowStartMs: currentWindow.getTime(), durationSeconds: 86_400, microUsd: 9_999 },
    ]);
    await reconciler.reconcile();
    expect(await store.currentSpend('key', keyId, currentWindow.getTime())).toBe(9_999);
  });

  it('charges a batch that spans two windows of one owner with the newer window alone', async () => {
    const otherKey = randomUUID();
    await db.query(
      `INSERT INTO api_keys (id, key_hash, key_name, max_budget_micro_usd, budget_duration, budget_anchor)
       VALUES ($1, 'h2', 'sk-...h2', 1000000, '1d', $2)`,
      [otherKey, anchor],
    );
    const yesterday = new Date(anchor.getTime() + DAY_MS / 2);
    await spend.apply([
      usage({ keyId: otherKey, cost: 400, at: new Date() }),
      usage({ keyId: otherKey, cost: 700, at: yesterday }),
      usage({ keyId: otherKey, cost: 100, at: new Date() }),
    ]);
    expect(await spendOf('api_keys', otherKey)).toEqual({ spend: '500', window: currentWindow });
  });
});
