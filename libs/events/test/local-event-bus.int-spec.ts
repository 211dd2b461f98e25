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
import { usageEvent } from './usage-fixture';
import { setTimeout as sleep } from 'node:timers/promises';

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

  it('takes a steady trickle in batches of one linger each, not an event or two at a time', async () => {
    const own = await mkdtemp(join(tmpdir(), 'gatehouse-trickle-'));
    const bus = await LocalEventBus.open(own, logger, { lingerMs: 200 });
    const batches: number[] = [];
    const consumer = bus.consume({
      topic: Topics.UsageV1,
      groupId: 'trickle',
      handle: (events) => {
        batches.push(events.length);
        return Promise.resolve();
      },
      runningMessage: 'trickle consumer running',
    });
    await consumer.running;
    const published = 1000;
    for (let n = 0; n < published; n++) {
      bus.publish(Topics.UsageV1, 'key-a', usageEvent(`trickle-${n}`));
      await sleep(1);
    }
    await sleep(600);
    await bus.close();
    await rm(own, { recursive: true, force: true });
    expect(batches.reduce((sum, size) => sum + size, 0)).toBe(published);
    // About 1 s of publishing at one read per 200 ms; reading on every wake-up would take hundreds.
    expect(batches.length).toBeLessThanOrEqual(12);
  });
});
