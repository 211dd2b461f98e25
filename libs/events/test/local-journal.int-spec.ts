import { Topics, UsageEventV1 } from '@gatehouse/contracts';
import { createLogger } from '@gatehouse/logging';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus } from '../src/event-bus';
import { JournalLayout } from '../src/local/journal-layout';
import { LocalEventBus } from '../src/local/local-event-bus';
import { encodePosition } from '../src/local/position-codec';
import { usageSegments } from './journal-files';
import { Received } from './received';
import { usageEvent } from './usage-fixture';
import { waitFor } from './wait-for';

const logger = createLogger('events-journal', 'silent');
const SEGMENT_BYTES = 4 * 1024;
const runningMessage = 'journal spec consumer running';

function publishMany(bus: EventBus, prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const event = usageEvent(`${prefix}-${i}`);
    bus.publish(Topics.UsageV1, event.principal.subject, event, event.traceparent);
    return event.request_id;
  });
}

/** Consumes `groupId` until it has every id of `ids`, then stops (which commits the last batch). */
async function drain(bus: EventBus, groupId: string, ids: string[], prefix: string): Promise<Received> {
  const got = new Received(prefix);
  const consumer = bus.consume({ topic: Topics.UsageV1, groupId, handle: got.handle, runningMessage });
  await waitFor(`group ${groupId}`, () => got.has(ids));
  await consumer.stop();
  return got;
}

async function withBus<R>(open: () => Promise<EventBus>, use: (bus: EventBus) => Promise<R>): Promise<R> {
  const bus = await open();
  try {
    return await use(bus);
  } finally {
    await bus.close();
  }
}

describe('LocalEventBus journal on disk', () => {
  let directory: string;
  const open = () => LocalEventBus.open(directory, logger, { segmentBytes: SEGMENT_BYTES });

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'gatehouse-journal-'));
  });

  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('rolls segments and deletes one only once every known group has read past it', async () => {
    const bus = await open();
    try {
      const first = publishMany(bus, 'r', 1);
      await drain(bus, 'slow', first, 'r');
      const rest = publishMany(bus, 'r', 100).slice(1);
      const initial = await usageSegments(directory);
      expect(initial.length).toBeGreaterThan(5);

      await drain(bus, 'fast', rest, 'r');
      expect(await usageSegments(directory)).toEqual(initial);

      await drain(bus, 'slow', rest, 'r');
      expect(await usageSegments(directory)).toEqual([initial.at(-1)]);
    } finally {
      await bus.close();
    }
  });

  it('deletes nothing while no group is known, and a new group then reads from the oldest event', async () => {
    const { ids, segments } = await withBus(open, async (bus) => {
      const published = publishMany(bus, 'n', 60);
      return { ids: published, segments: await usageSegments(directory) };
    });
    expect(segments.length).toBeGreaterThan(3);
    await withBus(open, async (bus) => {
      expect(await usageSegments(directory)).toEqual(segments);
      const got = await drain(bus, 'newcomer', ids, 'n');
      expect(got.distinct()).toEqual(ids);
    });
  });

  it('replays after a restart only what the group had not committed', async () => {
    // A group that never reads keeps every segment, so a wrong resume shows as old events replayed.
    await withBus(open, () => Promise.resolve());
    await writeFile(new JournalLayout(directory).positionFile(Topics.UsageV1, 'archive'), encodePosition(0));
    let accepting = true;
    const attempted: string[] = [];
    const failed = await withBus(open, async (bus) => {
      const consumer = bus.consume({
        topic: Topics.UsageV1,
        groupId: 'ledger',
        handle: (events: UsageEventV1[]) => {
          attempted.push(...events.map((event) => event.request_id));
          return accepting ? Promise.resolve() : Promise.reject(new Error('the ledger is down'));
        },
        runningMessage,
      });
      const committed = publishMany(bus, 'c', 5);
      await waitFor('the committed batch', () => committed.every((id) => attempted.includes(id)));
      accepting = false;
      const uncommitted = publishMany(bus, 'u', 5);
      await waitFor('a failed attempt', () => attempted.includes(uncommitted[0]));
      await consumer.stop();
      return uncommitted;
    });
    const replayed = await withBus(open, (bus) => drain(bus, 'ledger', failed, ''));
    expect(replayed.ids()).toEqual(failed);
  });

  it('resumes at the end when a position is past it, as after an OS crash lost the unsynced tail', async () => {
    const layout = new JournalLayout(directory);
    await (await open()).close();
    await writeFile(layout.positionFile(Topics.UsageV1, 'ahead'), encodePosition(1_000_000));
    const bus = await open();
    try {
      const ids = publishMany(bus, 'p', 3);
      expect((await drain(bus, 'ahead', ids, 'p')).ids()).toEqual(ids);
    } finally {
      await bus.close();
    }
  });

  it('refuses to open over a corrupt position file, naming it and what to do, and never resets it', async () => {
    const layout = new JournalLayout(directory);
    const bus = await open();
    publishMany(bus, 'x', 2);
    await bus.close();
    const file = layout.positionFile(Topics.UsageV1, 'ledger');

    await writeFile(file, '{"format":1,"off');
    await expect(open()).rejects.toThrow(`the position file ${file} is corrupt (it is not JSON)`);
    await writeFile(file, encodePosition(7));
    await expect(open()).rejects.toThrow(/is corrupt \(offset 7 is inside a line\).*or delete it/);

    await writeFile(file, encodePosition(0));
    await (await open()).close();
  });

  it('refuses a journal of another format, a directory that is not a journal, and a second user', async () => {
    const layout = new JournalLayout(directory);
    const bus = await open();
    await expect(open()).rejects.toThrow(`in use by process ${process.pid}`);
    await bus.close();

    await writeFile(layout.formatFile, JSON.stringify({ journal: 'gatehouse-event-journal', format: 2 }));
    await expect(open()).rejects.toThrow('it is format 2; this build reads format 1');

    const other = await mkdtemp(join(tmpdir(), 'gatehouse-not-a-journal-'));
    try {
      await writeFile(join(other, 'notes.txt'), 'mine');
      await expect(LocalEventBus.open(other, logger)).rejects.toThrow('is not an event journal');
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
