import { Topic } from '@gatehouse/contracts';
import type { Logger } from '@gatehouse/logging';
import { Kafka } from 'kafkajs';
import { ConsumerRun, consumeWithRetry } from './consume-with-retry';
import { ConsumerOptions, ValidatedConsumer } from './validated-consumer';

export interface TopicConsumerOptions<T extends Topic> extends Omit<ConsumerOptions<T>, 'onInvalid'> {
  logger: Logger;
  /** Logged (info) each time the consumer starts reading. */
  runningMessage: string;
}

/**
 * One topic read by one consumer group, the way every service reads its facts: each message
 * validated (what does not validate is dead-lettered and logged), offsets committed after the
 * handler, and retried while Kafka is down.
 */
export function consumeTopic<T extends Topic>(kafka: Kafka, options: TopicConsumerOptions<T>): ConsumerRun {
  const { logger, runningMessage, ...consumerOptions } = options;
  const consumer = new ValidatedConsumer(kafka, {
    ...consumerOptions,
    onInvalid: (problems) => logger.warn({ topic: options.topic, problems }, 'event failed validation; dead-lettered'),
  });
  return consumeWithRetry(consumer, logger, runningMessage);
}
