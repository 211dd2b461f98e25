import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import Redis from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { InfraEndpoints, S3Settings } from './types';

const PROBE_TIMEOUT_MS = 2000;

export function s3Client(s3: S3Settings, timeoutMs = 10_000): S3Client {
  return new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    requestHandler: { connectionTimeout: Math.min(timeoutMs, 2000), requestTimeout: timeoutMs },
  });
}

export function adminKafka(brokers: string[], timeoutMs = 10_000): Kafka {
  return new Kafka({
    clientId: 'gatehouse-testing-infra',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: Math.min(timeoutMs, 2000),
    requestTimeout: timeoutMs,
    retry: { retries: timeoutMs > PROBE_TIMEOUT_MS ? 5 : 0 },
  });
}

export function redisClient(url: string): Redis {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: PROBE_TIMEOUT_MS, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined); // failures surface through the command promises
  return redis;
}

export async function withPg<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS * 5 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function pgAnswers(url: string): Promise<void> {
  await withPg(url, (client) => client.query('select 1'));
}

async function redisAnswers(url: string): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: PROBE_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}

async function kafkaAnswers(brokers: string[]): Promise<void> {
  const admin = adminKafka(brokers, PROBE_TIMEOUT_MS).admin();
  try {
    await admin.connect();
    await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
}

async function s3Answers(s3: S3Settings): Promise<void> {
  const client = s3Client(s3, PROBE_TIMEOUT_MS);
  try {
    await client.send(new HeadBucketCommand({ Bucket: s3.bucket }));
  } finally {
    client.destroy();
  }
}

/** Names of the services that do not answer (empty when all four do). */
export async function unansweredServices(endpoints: InfraEndpoints): Promise<string[]> {
  const checks: Record<string, Promise<void>> = {
    postgres: pgAnswers(endpoints.databaseUrl),
    redis: redisAnswers(endpoints.redisUrl),
    kafka: kafkaAnswers(endpoints.kafkaBrokers),
    s3: s3Answers(endpoints.s3),
  };
  const names = Object.keys(checks);
  const results = await Promise.allSettled(Object.values(checks));
  return names.filter((_, i) => results[i]?.status === 'rejected');
}
