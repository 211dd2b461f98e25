import { NestFactory } from '@nestjs/core';
import { LocalArchiveStore } from '@gatehouse/archive';
import { LocalEventBus } from '@gatehouse/events';
import { createLogger } from '@gatehouse/logging';
import { Infra, startInfra } from '@gatehouse/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/config/data-source-options';
import { SpendEventsRepository } from '../src/repositories/spend-events.repository';
import { UsageLedgerModule } from '../src/usage-ledger.module';
import { archivedIds, ledgerRow, readArchive } from './archive-fixtures';

describe('UsageLedgerModule with an archive', () => {
  let infra: Infra;
  let folder: string;

  beforeAll(async () => {
    infra = await startInfra();
    folder = await mkdtemp(join(tmpdir(), 'gatehouse-ledger-archive-'));
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
    await infra?.stop();
  });

  it('archives the ledger once the database is up, and stops with the app', async () => {
    const url = await infra.createDatabase('usage_ledger_archive');
    const seed = new DataSource(dataSourceOptions({ url }));
    await seed.initialize();
    await new SpendEventsRepository(seed).insertNew([
      ledgerRow('r1', '2026-03-01T10:00:00Z'),
      ledgerRow('r2', '2026-03-01T11:00:00Z'),
    ]);
    await seed.destroy();

    const logger = createLogger('usage-ledger-test', 'silent', 'json');
    const events = await LocalEventBus.open(join(folder, 'events'), logger);
    const archive = new LocalArchiveStore(join(folder, 'archive'));
    const app = await NestFactory.createApplicationContext(
      UsageLedgerModule.forRoot({ database: { url }, events, logger, archive, archiveIntervalSeconds: 3600 }),
      { logger: false },
    );
    try {
      let keys: string[] = [];
      for (let i = 0; i < 50 && keys.length < 2; i++) {
        keys = await archive.list('usage/');
        if (keys.length < 2) await sleep(100);
      }
      expect(keys).toEqual([
        expect.stringMatching(/^usage\/dt=2026-03-01\/hour=10\/\d{19}-\d{19}\.jsonl\.gz$/),
        expect.stringMatching(/^usage\/dt=2026-03-01\/hour=11\/\d{19}-\d{19}\.jsonl\.gz$/),
      ]);
      expect(archivedIds(await readArchive(archive))).toHaveLength(2);
    } finally {
      await app.close();
      await events.close();
    }
  });
});
