import { Topics } from '@gatehouse/contracts';
import { createLogger } from '@gatehouse/logging';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JournalLayout } from '../src/local/journal-layout';
import { LocalEventBus } from '../src/local/local-event-bus';
import { encodePosition } from '../src/local/position-codec';
import { describeEventBusContract } from './event-bus-contract';
import { usageDeadLetters } from './journal-files';

describe('LocalEventBus (a journal in a temporary directory)', () => {
  const logger = createLogger('events-contract', 'silent');
  let directory: string;
  const open = () => LocalEventBus.open(directory, logger, { segmentBytes: 8 * 1024 });

  // A group that never reads holds every segment, as Kafka's retention would: a group resuming from
  // the wrong position would then see old events rather than find them deleted.
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'gatehouse-events-'));
    await (await open()).close();
    await writeFile(new JournalLayout(directory).positionFile(Topics.UsageV1, 'retention-anchor'), encodePosition(0));
  });

  afterAll(() => rm(directory, { recursive: true, force: true }));

  describeEventBusContract(() => ({
    open,
    deadLettered: async () => (await usageDeadLetters(directory)).length,
    deliveryTimeoutMs: 10_000,
  }));
});
