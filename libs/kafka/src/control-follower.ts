import { ControlEventV1, Topics, topicName, validateEvent } from '@gatehouse/contracts';
import { Logger } from '@gatehouse/logging';
import { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { consumeWithRetry } from './consume-with-retry';

export interface ControlFollowerOptions {
  /** Names the consumer group and the log line, e.g. `edge-api`. */
  service: string;
  topicPrefix: string;
  logger: Logger;
  handle: (event: ControlEventV1) => void;
  /** How long `ready` waits for the subscription before giving up (caches' TTLs bound staleness). */
  joinTimeoutMs?: number;
}

export interface ControlFollower {
  /** Resolves once subscribed, or after the join timeout; never rejects. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Follows control.v1 from now on. Every replica hears every event, so each has its own consumer
 * group; it only needs what happens from its start, which its empty caches already reflect.
 */
export function followControlEvents(kafka: Kafka, options: ControlFollowerOptions): ControlFollower {
  const { logger } = options;
  const consumer = kafka.consumer({
    groupId: `${options.topicPrefix}${options.service}-control-${randomUUID()}`,
    maxWaitTimeInMs: 100,
  });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  const apply = (value: Buffer | null): void => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value?.toString('utf8') ?? '');
    } catch {
      parsed = undefined;
    }
    const outcome = validateEvent(Topics.ControlV1, parsed);
    if (outcome.ok) options.handle(outcome.value);
    else logger.warn({ problems: outcome.problems }, 'ignoring an invalid control event');
  };
  const subscribe = async () => {
    await consumer.connect();
    await consumer.subscribe({ topic: topicName(Topics.ControlV1, options.topicPrefix), fromBeginning: false });
    await consumer.run({ eachMessage: ({ message }) => Promise.resolve(apply(message.value)) });
  };
  const { stop } = consumeWithRetry(
    { start: subscribe, stop: () => consumer.disconnect() },
    logger,
    `${options.service} following control events`,
  );
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, options.joinTimeoutMs ?? 15_000).unref());
  return { ready: Promise.race([joined, timeout]), stop };
}
