import { LocalArchiveStore } from '@gatehouse/archive';
import { Infra, startInfra } from '@gatehouse/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { archiveSettings } from '../src/config/archive-settings';
import { dataSourceOptions } from '../src/config/data-source-options';
import { ArchiveManifestRepository } from '../src/repositories/archive-manifest.repository';
import { SpendEventEntity } from '../src/repositories/spend-event.entity';
import { SpendEventArchiveRepository } from '../src/repositories/spend-event-archive.repository';
import { SpendEventsRepository } from '../src/repositories/spend-events.repository';
import { openPgliteBackend } from '../../../libs/database/src/testing/backends';
import { UsageArchiver } from '../src/services/usage-archiver.service';
import { archivedIds, ledgerRow, LedgerRow, readArchive, RecordingStore } from './archive-fixtures';

/** The manifest with its next `advance` throwing, as a process killed right after its puts would. */
class CrashingManifest extends ArchiveManifestRepository {
  crashOnNextAdvance = false;

  override async advance(stream: string, throughId: string): Promise<boolean> {
    if (this.crashOnNextAdvance) {
      this.crashOnNextAdvance = false;
      throw new Error('killed before the manifest update');
    }
    return super.advance(stream, throughId);
  }
}

type Database = Pick<Awaited<ReturnType<typeof openPgliteBackend>>, 'connection' | 'close'>;

let infra: Infra;

beforeAll(async () => {
  infra = await startInfra();
});

afterAll(async () => {
  await infra?.stop();
});

async function postgres(): Promise<Database> {
  return { connection: { url: await infra.createDatabase('usage_archiver') }, close: () => Promise.resolve() };
}

describe.each([
  ['Postgres', postgres],
  ['PGlite', openPgliteBackend],
] as const)('usage archiver on %s, into a local archive directory', (_name, openDatabase) => {
  let database: Database;
  let db: DataSource;
  let folder: string;
  let store: RecordingStore;
  let manifest: CrashingManifest;
  let ledger: SpendEventsRepository;
  const archiver = (batchRows?: number) =>
    new UsageArchiver(manifest, new SpendEventArchiveRepository(db), store, archiveSettings({ batchRows }));
  const insert = (...rows: LedgerRow[]) => ledger.insertNew(rows);
  const ledgerIds = async () =>
    (await db.query<{ id: string }[]>('SELECT id::text AS id FROM spend_events ORDER BY id')).map((row) => row.id);

  beforeEach(async () => {
    database = await openDatabase();
    db = new DataSource(dataSourceOptions(database.connection));
    await db.initialize();
    folder = await mkdtemp(join(tmpdir(), 'gatehouse-archive-'));
    store = new RecordingStore(new LocalArchiveStore(folder));
    manifest = new CrashingManifest(db);
    ledger = new SpendEventsRepository(db);
  });

  afterEach(async () => {
    await db?.destroy();
    await database?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('writes one part per UTC hour, named by its id range, holding the ledger rows as gzip JSON Lines', async () => {
    await insert(
      ledgerRow('r1', '2026-03-01T10:20:30.456Z', { costMicroUsd: '9007199254740993', teamId: 'platform' }),
      ledgerRow('r2', '2026-03-01T11:00:00.000Z'),
      ledgerRow('r3', '2026-03-01T10:59:59.999Z', { status: 'error', errorKind: 'rate_limit', httpStatus: 429 }),
      ledgerRow('r4', '2026-03-01T11:45:00.000Z', { timeToFirstTokenMs: 80.25, stream: true }),
    );
    const [first, second, third, fourth] = await ledgerIds();

    const run = await archiver().runOnce();

    const pad = (id: string) => id.padStart(19, '0');
    const hour10 = `usage/dt=2026-03-01/hour=10/${pad(first)}-${pad(third)}.jsonl.gz`;
    const hour11 = `usage/dt=2026-03-01/hour=11/${pad(second)}-${pad(fourth)}.jsonl.gz`;
    expect(run).toEqual({ keys: [hour10, hour11], rows: 4, more: false });
    const objects = await readArchive(store);
    expect([...objects.keys()]).toEqual([hour10, hour11]);
    expect(objects.get(hour10)?.map((row) => row.request_id)).toEqual(['r1', 'r3']);
    expect(objects.get(hour11)?.map((row) => row.request_id)).toEqual(['r2', 'r4']);
    const [r1] = objects.get(hour10) ?? [];
    expect(r1).toEqual({
      id: first,
      request_id: 'r1',
      event_id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
      occurred_at: '2026-03-01T10:20:30.456000Z',
      principal_kind: 'virtual_key',
      principal_subject: 'hash-1',
      key_alias: 'ana-laptop',
      user_id: 'ana',
      team_id: 'platform',
      org_id: null,
      route: 'chat.completions',
      model: 'gpt-4o',
      deployment_id: 'gpt-4o-eu',
      provider: 'openai',
      provider_model: null,
      stream: false,
      status: 'success',
      http_status: 200,
      error_kind: null,
      attempts: 1,
      cache_hit: false,
      prompt_tokens: 11,
      completion_tokens: 7,
      total_tokens: 18,
      cached_prompt_tokens: 0,
      reasoning_tokens: 0,
      cost_micro_usd: '9007199254740993',
      latency_ms: 12.5,
      time_to_first_token_ms: null,
    });
    expect(objects.get(hour11)?.[1]).toMatchObject({ stream: true, time_to_first_token_ms: 80.25 });
  });

  it('writes nothing when nothing is new, and only new parts when more rows arrive', async () => {
    await insert(ledgerRow('r1', '2026-03-01T10:00:00Z'), ledgerRow('r2', '2026-03-01T11:00:00Z'));
    const first = await archiver().runOnce();
    expect(first.keys).toHaveLength(2);

    expect(await archiver().runOnce()).toEqual({ keys: [], rows: 0, more: false });
    expect(store.puts).toHaveLength(2);

    await insert(ledgerRow('r3', '2026-03-01T11:30:00Z'), ledgerRow('r4', '2026-03-01T12:00:00Z'));
    const next = await archiver().runOnce();
    expect(next.rows).toBe(2);
    expect(next.keys.filter((key) => first.keys.includes(key))).toEqual([]);
    expect(store.puts.map((put) => put.key)).toEqual([...first.keys, ...next.keys]);
    const objects = await readArchive(store);
    expect(await store.list('usage/dt=2026-03-01/hour=11/')).toHaveLength(2);
    expect(archivedIds(objects).sort()).toEqual((await ledgerIds()).sort());
  });

  it('after dying between its objects and the manifest update, writes the same keys with the same bytes', async () => {
    await insert(ledgerRow('r1', '2026-03-01T10:00:00Z'), ledgerRow('r2', '2026-03-01T11:00:00Z'));
    manifest.crashOnNextAdvance = true;
    await expect(archiver().runOnce()).rejects.toThrow('killed before the manifest update');
    const written = store.puts.splice(0);
    expect(written).toHaveLength(2);

    // Rows that arrive before the retry must not change the batch it writes again.
    await insert(ledgerRow('r3', '2026-03-01T10:30:00Z'));
    const retry = await archiver().runOnce();
    expect(retry.keys).toEqual(written.map((put) => put.key));
    expect(store.puts.map((put) => put.body)).toEqual(written.map((put) => put.body));

    const last = await archiver().runOnce();
    expect(last.rows).toBe(1);
    const ids = archivedIds(await readArchive(store));
    expect(ids).toHaveLength(3);
    expect([...ids].sort()).toEqual((await ledgerIds()).sort());
  });

  it('keeps a batch a failing store cut short, and finishes it once the store answers', async () => {
    await insert(ledgerRow('r1', '2026-03-01T10:00:00Z'), ledgerRow('r2', '2026-03-01T11:00:00Z'));
    store.failAfter = 1;
    await expect(archiver().runOnce()).rejects.toThrow('S3 is down');
    await expect(archiver().runOnce()).rejects.toThrow('S3 is down');
    expect(await store.list('usage/')).toHaveLength(1);

    store.failAfter = undefined;
    const run = await archiver().runOnce();
    expect(run.rows).toBe(2);
    const objects = await readArchive(store);
    expect([...objects.keys()]).toEqual(run.keys);
    expect(archivedIds(objects)).toEqual(await ledgerIds());
  });

  it('takes a backlog a bounded batch at a time, saying when more is waiting', async () => {
    await insert(...['a', 'b', 'c', 'd', 'e'].map((id) => ledgerRow(id, '2026-03-01T10:00:00Z')));
    const runs = [await archiver(2).runOnce(), await archiver(2).runOnce(), await archiver(2).runOnce()];
    expect(runs.map((run) => [run.rows, run.more])).toEqual([
      [2, true],
      [2, true],
      [1, false],
    ]);
    const objects = await readArchive(store);
    expect([...objects.values()].map((rows) => rows.length)).toEqual([2, 2, 1]);
    expect(archivedIds(objects)).toEqual(await ledgerIds());
  });
});

describe('usage archiver on Postgres with inserts in flight', () => {
  let url: string;
  let db: DataSource;
  let folder: string;

  beforeEach(async () => {
    url = await infra.createDatabase('usage_archiver_race');
    db = new DataSource(dataSourceOptions({ url }));
    await db.initialize();
    folder = await mkdtemp(join(tmpdir(), 'gatehouse-archive-'));
  });

  afterEach(async () => {
    await db?.destroy();
    await rm(folder, { recursive: true, force: true });
  });

  it('waits for a row whose lower id commits after a higher one, instead of skipping it', async () => {
    const slow = db.createQueryRunner();
    await slow.connect();
    try {
      // The slow insert takes its id first and commits last.
      await slow.startTransaction();
      await slow.manager.insert(SpendEventEntity, ledgerRow('slow', '2026-03-01T10:00:00Z'));
      await new SpendEventsRepository(db).insertNew([ledgerRow('fast', '2026-03-01T10:00:01Z')]);

      const store = new LocalArchiveStore(folder);
      const archiver = new UsageArchiver(
        new ArchiveManifestRepository(db),
        new SpendEventArchiveRepository(db),
        store,
        archiveSettings({}),
      );
      let settled = false;
      const run = archiver.runOnce().finally(() => (settled = true));
      await sleep(300);
      expect(settled).toBe(false);
      await slow.commitTransaction();
      expect((await run).rows).toBe(2);
      expect(archivedIds(await readArchive(store))).toHaveLength(2);
    } finally {
      await slow.release();
    }
  });
});
