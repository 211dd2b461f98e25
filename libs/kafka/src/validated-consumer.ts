import { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { Topic, TopicPayloads, deadLetterTopic, topicName, validateEvent } from '@gatehouse/contracts';

export interface ConsumerOptions<T extends Topic> {
  topic: T;
  groupId: string;
  topicPrefix: string;
  /** Applies a batch; offsets are committed only after it resolves, so a crash replays the batch. */
  handle: (events: TopicPayloads[T][]) => Promise<void>;
  onInvalid: (problems: string[]) => void;
}

/**
 * The broker holds a fetch until this much has arrived or this long has passed: a handful of large
 * batches a second instead of a fetch, a validation pass and a database commit per event.
 */
const FETCH_MIN_BYTES = 256 * 1024;
const FETCH_MAX_WAIT_MS = 200;

/**
 * Consumes one topic, validating every message against its schema. Messages that do not validate
 * go to the topic's dead-letter topic with the problems in a header, and never reach the handler.
 */
export class ValidatedConsumer<T extends Topic> {
  private readonly consumer: Consumer;
  private readonly dlqProducer: Producer;

  constructor(
    kafka: Kafka,
    private readonly options: ConsumerOptions<T>,
  ) {
    this.consumer = kafka.consumer({
      groupId: options.topicPrefix + options.groupId,
      retry: { retries: 10 },
      minBytes: FETCH_MIN_BYTES,
      maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
    });
    this.dlqProducer = kafka.producer({ allowAutoTopicCreation: false });
  }

  async start(): Promise<void> {
    const { topic, topicPrefix } = this.options;
    await this.dlqProducer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: topicName(topic, topicPrefix), fromBeginning: true });
    await this.consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        const { batch } = payload;
        const valid: TopicPayloads[T][] = [];
        const invalid: { message: KafkaMessage; problems: string[] }[] = [];
        for (const message of batch.messages) {
          const outcome = this.decode(message);
          if (outcome.ok) valid.push(outcome.value);
          else invalid.push({ message, problems: outcome.problems });
        }
        if (invalid.length > 0) await this.deadLetter(invalid);
        if (valid.length > 0) await this.options.handle(valid);
        const last = batch.messages.at(-1);
        if (last) payload.resolveOffset(last.offset);
        await payload.commitOffsetsIfNecessary();
        await payload.heartbeat();
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
    await this.dlqProducer.disconnect();
  }

  private decode(message: KafkaMessage): { ok: true; value: TopicPayloads[T] } | { ok: false; problems: string[] } {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message.value?.toString('utf8') ?? '');
    } catch {
      return { ok: false, problems: ['value is not JSON'] };
    }
    return validateEvent(this.options.topic, parsed);
  }

  private async deadLetter(invalid: { message: KafkaMessage; problems: string[] }[]): Promise<void> {
    for (const { problems } of invalid) this.options.onInvalid(problems);
    await this.dlqProducer.send({
      topic: topicName(deadLetterTopic(this.options.topic), this.options.topicPrefix),
      acks: -1,
      messages: invalid.map(({ message, problems }) => ({
        key: message.key,
        value: message.value,
        headers: { ...message.headers, 'x-dead-letter-problems': problems.join('; ').slice(0, 4000) },
      })),
    });
  }
}
