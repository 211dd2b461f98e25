import { Kafka, Message, Producer } from 'kafkajs';
import { Topic, TopicPayloads, topicName } from '@gatehouse/contracts';
import type { Logger } from '@gatehouse/logging';

export interface PublisherOptions {
  topicPrefix: string;
  /** Events waiting for Kafka; past this the oldest are dropped and counted, never blocking a request. */
  maxQueued: number;
  lingerMs: number;
  onError: (message: string, error: unknown) => void;
}

interface Queued {
  topic: string;
  message: Message;
}

/**
 * Publishes events without ever making a request wait: events queue in memory and are sent in
 * batches by an idempotent producer with acks=all. While Kafka is unreachable the queue holds
 * them and retries with backoff, so a broker restart loses nothing within the queue bound.
 */
export class EventPublisher {
  private readonly producer: Producer;
  private queue: Queued[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  private backoffMs = 0;
  private connected = false;
  dropped = 0;

  constructor(
    kafka: Kafka,
    private readonly options: PublisherOptions,
  ) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  /** A publisher whose failures are logged, connected (or queueing until Kafka answers). */
  static async open(
    kafka: Kafka,
    options: Omit<PublisherOptions, 'onError'>,
    logger: Pick<Logger, 'error'>,
  ): Promise<EventPublisher> {
    const publisher = new EventPublisher(kafka, {
      ...options,
      onError: (message, error) => logger.error({ err: error }, message),
    });
    await publisher.connect();
    return publisher;
  }

  /** Connects eagerly; while Kafka is down events queue and each send retries the connection. */
  async connect(): Promise<void> {
    try {
      await this.ensureConnected();
    } catch (error) {
      this.options.onError('Kafka is unreachable; events will queue until it answers', error);
    }
  }

  publish<T extends Topic>(topic: T, key: string, event: TopicPayloads[T], traceparent?: string): void {
    if (this.queue.length >= this.options.maxQueued) {
      this.queue.shift();
      this.dropped++;
      this.options.onError(`event queue full (${this.options.maxQueued}); dropped the oldest event`, undefined);
    }
    const headers = traceparent ? { traceparent } : undefined;
    this.queue.push({
      topic: topicName(topic, this.options.topicPrefix),
      message: { key, value: JSON.stringify(event), headers },
    });
    this.schedule(this.options.lingerMs);
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Sends everything queued; used at shutdown and by tests that need the events on the broker. */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.sending) {
      await (this.sending ?? this.send());
    }
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    if (this.connected) await this.flush();
    await this.producer.disconnect();
  }

  private async ensureConnected(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.sending) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.send();
    }, delayMs);
  }

  private send(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    this.sending = this.sendBatch(batch).finally(() => {
      this.sending = undefined;
      if (this.queue.length > 0) this.schedule(this.backoffMs || this.options.lingerMs);
    });
    return this.sending;
  }

  private async sendBatch(batch: Queued[]): Promise<void> {
    if (batch.length === 0) return;
    const byTopic = new Map<string, Message[]>();
    for (const { topic, message } of batch) {
      const list = byTopic.get(topic) ?? byTopic.set(topic, []).get(topic)!;
      list.push(message);
    }
    try {
      await this.ensureConnected();
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
      this.backoffMs = 0;
    } catch (error) {
      // Put the batch back in front, in order, and retry later.
      this.queue = batch.concat(this.queue).slice(-this.options.maxQueued);
      this.backoffMs = Math.min(Math.max(this.backoffMs * 2, 100), 5_000);
      this.options.onError(`publishing ${batch.length} events failed; retrying in ${this.backoffMs} ms`, error);
    }
  }
}
