import { ControlEventV1, Topic, Topics, UsageEventV1 } from '@gatehouse/contracts';
import { randomUUID } from 'node:crypto';
import { EventBus } from '../src/event-bus';
import { Received } from './received';
import { controlEvent, invalidUsageEvent, usageEvent } from './usage-fixture';
import { waitFor } from './wait-for';

export interface EventBusHarness {
  /** A new bus over the same place (directory, topic prefix), as a restarted process would open it. */
  open(): Promise<EventBus>;
  /** How many events the topic's dead-letter store holds. */
  deadLettered(topic: Topic): Promise<number>;
  /** How long a delivery may take (Kafka retries a failed handler with growing backoff). */
  deliveryTimeoutMs: number;
}

const runningMessage = 'contract consumer running';

/** The EventBus contract; every binding runs it. `harness` is read once the suite's setup has run. */
export function describeEventBusContract(harness: () => EventBusHarness): void {
  describe('the EventBus contract', () => {
    let run: string;
    beforeEach(() => (run = randomUUID().slice(0, 8)));

    const withBus = async (use: (bus: EventBus) => Promise<void>): Promise<void> => {
      const bus = await harness().open();
      try {
        await use(bus);
      } finally {
        await bus.close();
      }
    };
    const arrive = (what: string, condition: () => boolean | Promise<boolean>) =>
      waitFor(what, condition, harness().deliveryTimeoutMs);
    const publishAll = (bus: EventBus, events: UsageEventV1[]) => {
      for (const event of events) bus.publish(Topics.UsageV1, event.principal.subject, event, event.traceparent);
    };

    it('hands every published usage event to a group, as published, in order per key', async () => {
      const published = Array.from({ length: 30 }, (_, i) => usageEvent(`${run}-${i}`, `key-${i % 3}`));
      const got = new Received(run);
      await withBus(async (bus) => {
        const consumer = bus.consume({
          topic: Topics.UsageV1,
          groupId: `order-${run}`,
          handle: got.handle,
          runningMessage,
        });
        await consumer.running;
        publishAll(bus, published);
        await arrive('every event', () => got.has(published.map((event) => event.request_id)));
        await consumer.stop();
      });
      for (const key of ['key-0', 'key-1', 'key-2']) {
        const ofKey = (events: UsageEventV1[]) =>
          events.filter((e) => e.principal.subject === key).map((e) => e.request_id);
        expect(got.distinct().filter((id) => ofKey(published).includes(id))).toEqual(ofKey(published));
      }
      const byId = new Map(got.events.map((event) => [event.request_id, event]));
      expect(published.map((event) => byId.get(event.request_id))).toEqual(published);
    });

    it('keeps groups independent: one failing group holds back neither the other nor its own events', async () => {
      const published = Array.from({ length: 10 }, (_, i) => usageEvent(`${run}-${i}`));
      const ids = published.map((event) => event.request_id);
      const failing = new Received(run);
      const healthy = new Received(run);
      let down = true;
      await withBus(async (bus) => {
        const a = bus.consume({
          topic: Topics.UsageV1,
          groupId: `failing-${run}`,
          handle: (events) => (down ? Promise.reject(new Error('the store is down')) : failing.handle(events)),
          runningMessage,
        });
        const b = bus.consume({
          topic: Topics.UsageV1,
          groupId: `healthy-${run}`,
          handle: healthy.handle,
          runningMessage,
        });
        await Promise.all([a.running, b.running]);
        publishAll(bus, published);
        await arrive('the healthy group', () => healthy.has(ids));
        expect(failing.ids()).toEqual([]);
        down = false;
        await arrive('the recovered group', () => failing.has(ids));
        await Promise.all([a.stop(), b.stop()]);
      });
      expect(failing.distinct()).toEqual(ids);
      expect(healthy.distinct()).toEqual(ids);
    });

    it('retries a failing handler without skipping or losing an event', async () => {
      const published = Array.from({ length: 20 }, (_, i) => usageEvent(`${run}-${i}`));
      const ids = published.map((event) => event.request_id);
      const got = new Received(run);
      let failures = 0;
      await withBus(async (bus) => {
        const consumer = bus.consume({
          topic: Topics.UsageV1,
          groupId: `retry-${run}`,
          handle: (events) => {
            if (events.some((e) => e.request_id.startsWith(run)) && failures++ < 3) {
              return Promise.reject(new Error(`failure ${failures}`));
            }
            return got.handle(events);
          },
          runningMessage,
        });
        await consumer.running;
        publishAll(bus, published);
        await arrive('every event after the failures', () => got.has(ids));
        await consumer.stop();
      });
      expect(failures).toBeGreaterThanOrEqual(3);
      expect(got.distinct()).toEqual(ids);
    });

    it('resumes a group from its committed position after a restart, with what was published meanwhile', async () => {
      const published = Array.from({ length: 10 }, (_, i) => usageEvent(`${run}-${i}`));
      const ids = published.map((event) => event.request_id);
      const groupId = `resume-${run}`;
      const before = new Received(run);
      await withBus(async (bus) => {
        const consumer = bus.consume({ topic: Topics.UsageV1, groupId, handle: before.handle, runningMessage });
        await consumer.running;
        publishAll(bus, published.slice(0, 4));
        await arrive('the first events', () => before.has(ids.slice(0, 4)));
        await consumer.stop();
        publishAll(bus, published.slice(4, 7));
      });
      const after = new Received(run);
      await withBus(async (bus) => {
        publishAll(bus, published.slice(7));
        const consumer = bus.consume({ topic: Topics.UsageV1, groupId, handle: after.handle, runningMessage });
        await consumer.running;
        await arrive('the events published while the group was stopped', () => after.has(ids.slice(4)));
        await consumer.stop();
      });
      expect(before.ids()).toEqual(ids.slice(0, 4));
      expect(after.ids()).toEqual(ids.slice(4));
    });

    it('dead-letters an event that does not validate and hands the handler only valid ones', async () => {
      const [first, bad, last] = [usageEvent(`${run}-a`), invalidUsageEvent(`${run}-bad`), usageEvent(`${run}-b`)];
      const deadBefore = await harness().deadLettered(Topics.UsageV1);
      const got = new Received(run);
      await withBus(async (bus) => {
        const consumer = bus.consume({
          topic: Topics.UsageV1,
          groupId: `dlq-${run}`,
          handle: got.handle,
          runningMessage,
        });
        await consumer.running;
        publishAll(bus, [first, bad, last]);
        await arrive('the valid events', () => got.has([first.request_id, last.request_id]));
        await arrive('the dead letter', async () => (await harness().deadLettered(Topics.UsageV1)) > deadBefore);
        await consumer.stop();
      });
      expect(got.distinct()).toEqual([first.request_id, last.request_id]);
    });

    it('lets every control follower hear the control events published after it is ready, asynchronously', async () => {
      const keyOf = (event: ControlEventV1) => ('key_hash' in event ? event.key_hash : event.type);
      const [heardA, heardB]: string[][] = [[], []];
      await withBus(async (bus) => {
        const a = bus.followControl({ service: 'contract-a', handle: (event) => heardA.push(keyOf(event)) });
        await a.ready;
        bus.publish(Topics.ControlV1, 'control', controlEvent(`${run}-1`));
        expect(heardA).toEqual([]);
        await arrive('the first control event', () => heardA.includes(`${run}-1`));
        const b = bus.followControl({ service: 'contract-b', handle: (event) => heardB.push(keyOf(event)) });
        await b.ready;
        bus.publish(Topics.ControlV1, 'control', controlEvent(`${run}-2`));
        await arrive('the second control event', () => heardA.includes(`${run}-2`) && heardB.includes(`${run}-2`));
        await Promise.all([a.stop(), b.stop()]);
      });
      expect(heardA.filter((key) => key.startsWith(run))).toEqual([`${run}-1`, `${run}-2`]);
      expect(heardB.filter((key) => key.startsWith(run))).toEqual([`${run}-2`]);
    });
  });
}
