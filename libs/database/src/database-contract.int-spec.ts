import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import {
  AUTH_MIGRATIONS,
  AUTH_MIGRATIONS_TABLE,
  dataSourceOptions as authOptions,
} from '../../../apps/auth/src/config/data-source-options';
import {
  ApiKeyEntity,
  newGovernedColumns,
  OrganizationEntity,
  TeamEntity,
  UserEntity,
} from '../../../apps/auth/src/repositories/entities';
import { SpendRepository } from '../../../apps/auth/src/repositories/spend.repository';
import {
  LEDGER_MIGRATIONS,
  LEDGER_MIGRATIONS_TABLE,
  dataSourceOptions as ledgerOptions,
} from '../../../apps/usage-ledger/src/config/data-source-options';
import { SpendEventEntity } from '../../../apps/usage-ledger/src/repositories/spend-event.entity';
import { SpendEventsRepository } from '../../../apps/usage-ledger/src/repositories/spend-events.repository';
import { DatabaseStartupError } from './database-startup-error';
import { assertNoNewerMigrations } from './newer-schema';
import { Backend, openPgliteBackend, openPostgresBackend } from './testing/backends';

type SpendEventRow = Omit<SpendEventEntity, 'id'>;

function spendEvent(requestId: string, overrides: Partial<SpendEventRow> = {}): SpendEventRow {
  return {
    requestId,
    eventId: randomUUID(),
    occurredAt: new Date('2026-03-01T10:20:30.456Z'),
    principalKind: 'virtual_key',
    principalSubject: 'hash-1',
    keyAlias: null,
    userId: 'ana',
    teamId: null,
    orgId: null,
    route: 'chat.completions',
    model: 'gpt-4o',
    deploymentId: 'gpt-4o-eu',
    provider: 'openai',
    providerModel: null,
    stream: true,
    status: 'success',
    httpStatus: 200,
    errorKind: null,
    attempts: 2,
    cacheHit: false,
    promptTokens: 11,
    completionTokens: 7,
    totalTokens: 18,
    cachedPromptTokens: 0,
    reasoningTokens: 3,
    costMicroUsd: '9007199254740993', // past 2^53: only a string carries it exactly
    latencyMs: 12.5,
    timeToFirstTokenMs: null,
    ...overrides,
  };
}

const names = (migrations: readonly (new () => { name?: string })[]) =>
  migrations.map((migration) => new migration().name ?? migration.name);

// The same assertions against PGlite and a Postgres server: the repositories must not tell them apart.
describe.each([
  ['PGlite', openPgliteBackend],
  ['Postgres', openPostgresBackend],
] as const)('both apps on %s', (_name, openBackend) => {
  let backend: Backend;
  let auth: DataSource;
  let ledger: DataSource;

  beforeAll(async () => {
    backend = await openBackend();
    auth = new DataSource(authOptions(backend.connection));
    ledger = new DataSource(ledgerOptions(backend.connection));
    await auth.initialize();
    await ledger.initialize();
  });

  afterAll(async () => {
    if (auth?.isInitialized) await auth.destroy();
    if (ledger?.isInitialized) await ledger.destroy();
    await backend?.close();
  });

  it("applies each app's migrations and records them in its own table", async () => {
    expect(await auth.query(`SELECT name FROM ${AUTH_MIGRATIONS_TABLE}`)).toEqual(
      names(AUTH_MIGRATIONS).map((name) => ({ name })),
    );
    expect(await ledger.query(`SELECT name FROM ${LEDGER_MIGRATIONS_TABLE}`)).toEqual(
      names(LEDGER_MIGRATIONS).map((name) => ({ name })),
    );
  });

  it('inserts a usage batch through unnest, skips request ids already stored, and reads it back typed', async () => {
    const events = new SpendEventsRepository(ledger);
    const first = spendEvent('req-1');
    const second = spendEvent('req-2', { stream: false, keyAlias: 'ci', timeToFirstTokenMs: 4.25, costMicroUsd: '0' });
    expect(await events.insertNew([first, second, spendEvent('req-3')])).toBe(3);
    expect(await events.insertNew([first, spendEvent('req-4')])).toBe(1);

    const stored = await ledger.getRepository(SpendEventEntity).find({ order: { requestId: 'ASC' } });
    expect(stored.map((row) => row.requestId)).toEqual(['req-1', 'req-2', 'req-3', 'req-4']);
    const [one, two] = stored;
    expect(one).toEqual({ id: expect.any(String) as string, ...first });
    expect(two).toEqual({ id: expect.any(String) as string, ...second });
    expect(one.occurredAt).toBeInstanceOf(Date);
    const [raw] = await ledger.query<{ id: unknown; cost: unknown; at: unknown; tokens: unknown }[]>(
      `SELECT id, cost_micro_usd AS cost, occurred_at AS at, total_tokens AS tokens FROM spend_events WHERE request_id = $1`,
      ['req-1'],
    );
    expect(raw).toEqual({ id: one.id, cost: '9007199254740993', at: first.occurredAt, tokens: 18 });
  });

  it('saves, finds, updates and deletes governed rows through auth entities', async () => {
    const now = new Date('2026-02-03T04:05:06.789Z');
    const governed = { ...newGovernedColumns(now), maxBudgetMicroUsd: 5_000_000, models: ['gpt-4o', 'claude'] };
    await auth.getRepository(OrganizationEntity).save({ id: 'org-1', organizationAlias: null, governed });
    await auth.getRepository(TeamEntity).save({
      id: 'team-1',
      teamAlias: 'Search',
      organizationId: 'org-1',
      blocked: false,
      guardrails: ['pii-mask'],
      governed: { ...governed, metadata: { tier: 'gold', nested: { list: [1, 'two', null] } } },
    });
    const key: ApiKeyEntity = {
      id: randomUUID(),
      keyHash: 'hash-entity',
      keyName: 'sk-...tity',
      keyAlias: null,
      userId: null,
      teamId: 'team-1',
      expiresAt: new Date('2027-01-01T00:00:00.000Z'),
      blocked: false,
      modelRpmLimit: { 'gpt-4o': 60 },
      modelTpmLimit: {},
      guardrails: ['pii-mask', 'toxicity'],
      allowRequestGuardrails: true,
      createdBy: 'admin',
      governed,
    };
    await auth.getRepository(ApiKeyEntity).save(key);

    expect(await auth.getRepository(ApiKeyEntity).findOneByOrFail({ id: key.id })).toEqual(key);
    const team = await auth.getRepository(TeamEntity).findOneByOrFail({ id: 'team-1' });
    expect(team.governed.metadata).toEqual({ tier: 'gold', nested: { list: [1, 'two', null] } });
    expect(team.governed.maxBudgetMicroUsd).toBe(5_000_000);
    expect(team.guardrails).toEqual(['pii-mask']);
    const [raw] = await auth.query<Record<string, unknown>[]>(
      `SELECT max_budget_micro_usd, spend_micro_usd, models, budget_anchor, blocked FROM api_keys WHERE id = $1`,
      [key.id],
    );
    expect(raw).toEqual({
      max_budget_micro_usd: '5000000',
      spend_micro_usd: '0',
      models: ['gpt-4o', 'claude'],
      budget_anchor: now,
      blocked: false,
    });

    expect((await auth.getRepository(ApiKeyEntity).update({ id: key.id }, { blocked: true })).affected).toBe(1);
    expect((await auth.getRepository(ApiKeyEntity).update({ id: randomUUID() }, { blocked: true })).affected).toBe(0);
    expect((await auth.getRepository(ApiKeyEntity).delete({ id: key.id })).affected).toBe(1);
  });

  it('applies spend once per request id, under row locks, and reports the budgeted spend', async () => {
    const anchor = new Date('2026-01-01T00:00:00.000Z');
    await auth.getRepository(UserEntity).save({
      id: 'ana',
      userEmail: null,
      userAlias: null,
      userRole: 'internal_user',
      organizationId: null,
      governed: { ...newGovernedColumns(anchor), maxBudgetMicroUsd: 9_000_000 },
    });
    const spend = new SpendRepository(auth);
    const charges = (fresh: Set<string>) =>
      [...fresh].map((requestId) => ({
        scope: 'user' as const,
        ref: 'ana',
        microUsd: requestId === 'spend-1' ? 700 : 1_200,
        windowStart: (start: Date) => start,
      }));
    expect(await spend.apply(['spend-1', 'spend-2'], charges)).toBe(2);
    expect(await spend.apply(['spend-1', 'spend-2'], charges)).toBe(0);

    expect(await spend.budgetedSpend()).toEqual([
      {
        scope: 'user',
        id: 'ana',
        budgetAnchor: anchor,
        budgetDuration: null,
        spendWindowStart: anchor,
        spendMicroUsd: 1_900,
      },
    ]);
    expect(await auth.query(`SELECT spend_micro_usd FROM users WHERE id = 'ana'`)).toEqual([
      { spend_micro_usd: '1900' },
    ]);
  });

  it('converts parameters and result types the way pg does', async () => {
    const at = new Date('2026-03-01T10:20:30.456Z');
    const [row] = await ledger.query<Record<string, unknown>[]>(
      `SELECT 12345678901::int8 AS big, $4::int8 AS big_param, 1.50::numeric AS amount, 7::int4 AS small,
         2.5::float8 AS real, $3::boolean AS flag, $2::timestamptz AS at, '2026-03-01 10:20:30.456'::timestamp AS local,
         '{"a": [1, null]}'::json AS doc, '{"b": true}'::jsonb AS docb, $1::text[] AS texts, '{1,2}'::int8[] AS bigs,
         $5::text AS nothing, '00000000-0000-0000-0000-000000000001'::uuid AS id`,
      [['a', 'b,c', 'd"e', null], at, true, '9007199254740993', null],
    );
    expect(row).toEqual({
      big: '12345678901',
      big_param: '9007199254740993',
      amount: '1.50',
      small: 7,
      real: 2.5,
      flag: true,
      at,
      local: new Date(2026, 2, 1, 10, 20, 30, 456),
      doc: { a: [1, null] },
      docb: { b: true },
      texts: ['a', 'b,c', 'd"e', null],
      bigs: ['1', '2'],
      nothing: null,
      id: '00000000-0000-0000-0000-000000000001',
    });
  });

  it('reports a unique violation with the code and constraint the repositories read', async () => {
    const insert = () =>
      auth.query(`INSERT INTO api_keys (id, key_hash, key_name) VALUES ($1, 'hash-dup', 'sk-...dup')`, [randomUUID()]);
    await insert();
    const failure: unknown = await insert().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as QueryFailedError).driverError).toMatchObject({
      code: '23505',
      constraint: 'api_keys_key_hash_key',
      table: 'api_keys',
    });
  });

  it('runs a text of several statements without parameters, as migrations may send', async () => {
    await ledger.query('CREATE TABLE contract_scratch (n integer); INSERT INTO contract_scratch VALUES (1), (2)');
    expect(await ledger.query('SELECT sum(n)::int AS total FROM contract_scratch')).toEqual([{ total: 3 }]);
  });

  it('refuses a database whose migrations table lists a migration this build does not know', async () => {
    const history = { location: backend.location, table: AUTH_MIGRATIONS_TABLE, known: names(AUTH_MIGRATIONS) };
    await expect(assertNoNewerMigrations(auth, history)).resolves.toBeUndefined();
    await expect(assertNoNewerMigrations(auth, { ...history, table: 'never_migrated' })).resolves.toBeUndefined();

    await auth.query(
      `INSERT INTO ${AUTH_MIGRATIONS_TABLE} (timestamp, name) VALUES (1900000000000, 'Future1900000000000')`,
    );
    const refusal = assertNoNewerMigrations(auth, history);
    await expect(refusal).rejects.toThrow(DatabaseStartupError);
    await expect(refusal).rejects.toThrow(
      `The database in ${backend.location} was written by a newer Gatehouse: its auth_migrations table lists ` +
        'migrations this build does not know (Future1900000000000).',
    );
  });
});
