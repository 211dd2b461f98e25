import { z } from 'zod';
import { ControlEventV1, ControlEventV1Schema } from './control.v1';
import { RequestLogEventV1, RequestLogEventV1Schema } from './request-log.v1';
import { UsageEventV1, UsageEventV1Schema } from './usage.v1';

/** The one registry of topics; no topic name is written anywhere else. */
export const Topics = {
  UsageV1: 'usage.v1',
  RequestLogV1: 'request-log.v1',
  ControlV1: 'control.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

export interface TopicPayloads {
  'usage.v1': UsageEventV1;
  'request-log.v1': RequestLogEventV1;
  'control.v1': ControlEventV1;
}

const schemas: { [T in Topic]: z.ZodType<TopicPayloads[T]> } = {
  'usage.v1': UsageEventV1Schema,
  'request-log.v1': RequestLogEventV1Schema,
  'control.v1': ControlEventV1Schema,
};

export const ALL_TOPICS: readonly Topic[] = Object.values(Topics);

/** Partition counts for topic creation; control is one partition so its events stay ordered. */
export const TOPIC_PARTITIONS: Record<Topic, number> = { 'usage.v1': 3, 'request-log.v1': 3, 'control.v1': 1 };

export function deadLetterTopic(topic: Topic): string {
  return `${topic}.dlq`;
}

/** A suite or an environment can namespace every topic with a prefix (KAFKA_TOPIC_PREFIX). */
export function topicName(topic: string, prefix = ''): string {
  return `${prefix}${topic}`;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; problems: string[] };

export function validateEvent<T extends Topic>(topic: T, value: unknown): Validation<TopicPayloads[T]> {
  const result = schemas[topic].safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problems: result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
}
