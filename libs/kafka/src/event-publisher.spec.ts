import { Kafka, ProducerBatch } from 'kafkajs';
import { EventPublisher } from './event-publisher';
import { Topics, UsageEventV1 } from '@gatehouse/contracts';

interface FakeProducer {
  batches: ProducerBatch[];
  failNext: number;
}

function publisher(fake: FakeProducer, maxQueued = 100) {
  const producer = {
    connect: () => Promise.resolve(),
    disconnect: () => Promise.resolve(),
    sendBatch: (batch: ProducerBatch) => {
      if (fake.failNext > 0) {
        fake.failNext--;
        return Promise.reject(new Error('broker down'));
      }
      fake.batches.push(batch);
      return Promise.resolve([]);
    },
  };
  const kafka = { producer: () => producer } as unknown as Kafka;
  const errors: string[] = [];
  const p = new EventPublisher(kafka, { topicPrefix: 'p.', maxQueued, lingerMs: 1, onError: (m) => errors.push(m) });
  return { p, errors };
}

const event = (id: string) => ({ request_id: id }) as unknown as UsageEventV1;
const sentIds = (fake: FakeProducer) =>
  fake.batches.flatMap((b) => b.topicMessages!.flatMap((t) => t.messages.map((m) => m.key as string)));

describe('EventPublisher', () => {
  it('sends queued events in order, in one batch, under the prefixed topic, with acks=all', async () => {
    const fake: FakeProducer = { batches: [], failNext: 0 };
    const { p } = publisher(fake);
    ['a', 'b', 'c'].forEach((id) => p.publish(Topics.UsageV1, id, event(id), 'tp'));
    await p.flush();
    expect(fake.batches).toHaveLength(1);
    expect(fake.batches[0].acks).toBe(-1);
    expect(fake.batches[0].topicMessages![0].topic).toBe('p.usage.v1');
    expect(fake.batches[0].topicMessages![0].messages[0].headers).toEqual({ traceparent: 'tp' });
    expect(sentIds(fake)).toEqual(['a', 'b', 'c']);
  });

  it('keeps events through a failed send and delivers them, in order, when Kafka answers again', async () => {
    const fake: FakeProducer = { batches: [], failNext: 2 };
    const { p, errors } = publisher(fake);
    p.publish(Topics.UsageV1, 'a', event('a'));
    p.publish(Topics.UsageV1, 'b', event('b'));
    await p.flush();
    p.publish(Topics.UsageV1, 'c', event('c'));
    await p.flush();
    expect(sentIds(fake)).toEqual(['a', 'b', 'c']);
    expect(errors.some((m) => m.includes('retrying'))).toBe(true);
    expect(p.pending).toBe(0);
  });

  it('never blocks: past its bound it drops the oldest event and says so', async () => {
    const fake: FakeProducer = { batches: [], failNext: 0 };
    const { p, errors } = publisher(fake, 2);
    ['a', 'b', 'c'].forEach((id) => p.publish(Topics.UsageV1, id, event(id)));
    expect(p.dropped).toBe(1);
    expect(errors[0]).toContain('queue full');
    await p.flush();
    expect(sentIds(fake)).toEqual(['b', 'c']);
  });
});
