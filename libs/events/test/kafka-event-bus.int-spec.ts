import { deadLetterTopic, Topic, topicName } from '@gatehouse/contracts';
import { createKafka } from '@gatehouse/kafka';
import { createLogger } from '@gatehouse/logging';
import { Infra, startInfra } from '@gatehouse/testing';
import { KafkaEventBus } from '../src/kafka-event-bus';
import { describeEventBusContract } from './event-bus-contract';

describe('KafkaEventBus (real Kafka)', () => {
  const logger = createLogger('events-contract', 'silent');
  let infra: Infra;
  let topicPrefix: string;

  beforeAll(async () => {
    infra = await startInfra();
    topicPrefix = infra.topicPrefix();
    await infra.createTopics(topicPrefix);
  });

  afterAll(() => infra?.stop());

  const settings = () => ({ brokers: infra.kafkaBrokers, clientId: 'events-contract', topicPrefix, maxQueued: 10_000 });

  /** Everything the dead-letter topic has ever held, from its partitions' offsets. */
  const deadLettered = async (topic: Topic): Promise<number> => {
    const admin = createKafka(settings()).admin();
    await admin.connect();
    try {
      const partitions = await admin.fetchTopicOffsets(topicName(deadLetterTopic(topic), topicPrefix));
      return partitions.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
    } finally {
      await admin.disconnect();
    }
  };

  describeEventBusContract(() => ({
    open: () => KafkaEventBus.open({ ...settings(), lingerMs: 5 }, logger),
    deadLettered,
    deliveryTimeoutMs: 60_000,
  }));
});
