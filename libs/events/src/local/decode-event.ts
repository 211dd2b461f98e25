import { Topic, TopicPayloads, Validation, validateEvent } from '@gatehouse/contracts';

/** A journal line as the topic's schema sees it, like a Kafka message's value. */
export function decodeEvent<T extends Topic>(topic: T, line: string): Validation<TopicPayloads[T]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { ok: false, problems: ['value is not JSON'] };
  }
  return validateEvent(topic, parsed);
}
