import { Topic, TopicPayloads } from '@gatehouse/contracts';
import { consumeTopic, createKafka, EventPublisher, followControlEvents } from '@gatehouse/kafka';
import type { Logger } from '@gatehouse/logging';
import { Kafka } from 'kafkajs';
import { ConsumerRun, ControlFollower, ControlFollowOptions, EventBus, GroupConsumerOptions } from './event-bus';

export interface KafkaEventBusSettings {
  brokers: string[];
  clientId: string;
  /** Namespaces every topic and consumer group (KAFKA_TOPIC_PREFIX). */
  topicPrefix: string;
  /** Events waiting for Kafka; past this the oldest are dropped and counted. */
  maxQueued: number;
  lingerMs: number;
}

/**
 * The facts port over Kafka: an idempotent, queueing publisher (what it accepted survives a broker
 * restart within its queue bound, not the death of this process), consumer groups that dead-letter
 * what does not validate and retry while Kafka is down, and one group per control follower.
 */
export class KafkaEventBus extends EventBus {
  /** What `close` stops: the consumers and followers still running. */
  private readonly stops = new Set<() => Promise<void>>();

  private constructor(
    private readonly kafka: Kafka,
    private readonly publisher: EventPublisher,
    private readonly settings: KafkaEventBusSettings,
    private readonly logger: Logger,
  ) {
    super();
  }

  /** Connects the publisher eagerly; while Kafka is unreachable events queue (and that is logged). */
  static async open(settings: KafkaEventBusSettings, logger: Logger): Promise<KafkaEventBus> {
    const kafka = createKafka(settings);
    const { topicPrefix, maxQueued, lingerMs } = settings;
    const publisher = await EventPublisher.open(kafka, { topicPrefix, maxQueued, lingerMs }, logger);
    return new KafkaEventBus(kafka, publisher, settings, logger);
  }

  publish<T extends Topic>(topic: T, key: string, event: TopicPayloads[T], traceparent?: string): void {
    this.publisher.publish(topic, key, event, traceparent);
  }

  consume<T extends Topic>(options: GroupConsumerOptions<T>): ConsumerRun {
    const run = consumeTopic(this.kafka, { ...options, topicPrefix: this.settings.topicPrefix, logger: this.logger });
    return { running: run.running, stop: this.tracked(() => run.stop()) };
  }

  followControl(options: ControlFollowOptions): ControlFollower {
    const follower = followControlEvents(this.kafka, {
      ...options,
      topicPrefix: this.settings.topicPrefix,
      logger: this.logger,
    });
    return { ready: follower.ready, stop: this.tracked(() => follower.stop()) };
  }

  /** Stops what is still consuming, then sends what is queued and disconnects the producer. */
  async close(): Promise<void> {
    await Promise.all([...this.stops].map((stop) => stop()));
    await this.publisher.close();
  }

  private tracked(stop: () => Promise<void>): () => Promise<void> {
    const untracked = async (): Promise<void> => {
      this.stops.delete(untracked);
      await stop();
    };
    this.stops.add(untracked);
    return untracked;
  }
}
