import { randomBytes } from 'node:crypto';
import { ALL_TOPICS, deadLetterTopic, TOPIC_PARTITIONS, topicName } from '@gatehouse/contracts';
import { adminKafka, redisClient, withPg } from './probes';
import { InfraEndpoints } from './types';

const MAX_IDENTIFIER = 63; // Postgres truncates longer names

function suffix(): string {
  return randomBytes(4).toString('hex');
}

/** The registry's topics and their dead-letter topics (one partition each) under `prefix`. */
export function registryTopics(prefix: string): { topic: string; numPartitions: number }[] {
  return ALL_TOPICS.flatMap((topic) => [
    { topic: topicName(topic, prefix), numPartitions: TOPIC_PARTITIONS[topic] },
    { topic: topicName(deadLetterTopic(topic), prefix), numPartitions: 1 },
  ]);
}

export async function createRegistryTopics(brokers: string[], prefix: string): Promise<string[]> {
  const admin = adminKafka(brokers).admin();
  await admin.connect();
  try {
    const wanted = registryTopics(prefix);
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter(({ topic }) => !existing.has(topic)).map((t) => ({ ...t, replicationFactor: 1 }));
    if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true, timeout: 15_000 });
    return wanted.map(({ topic }) => topic);
  } finally {
    await admin.disconnect();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Hands out uniquely named databases, topic prefixes and key prefixes, and removes them on cleanup. */
export class Isolation {
  private readonly databases: string[] = [];
  private readonly topicPrefixes: string[] = [];
  private readonly keyPrefixes: string[] = [];

  constructor(private readonly endpoints: InfraEndpoints) {}

  async createDatabase(prefix = 'test'): Promise<string> {
    const base = prefix
      .toLowerCase()
      .replace(/[^a-z0-9_]/g, '_')
      .replace(/^(?=[0-9]|$)/, 'db_');
    const name = `${base.slice(0, MAX_IDENTIFIER - 9)}_${suffix()}`;
    await withPg(withDatabase(this.endpoints.databaseUrl, 'postgres'), (pg) => pg.query(`create database "${name}"`));
    this.databases.push(name);
    return withDatabase(this.endpoints.databaseUrl, name);
  }

  topicPrefix(): string {
    const prefix = `t${suffix()}.`;
    this.topicPrefixes.push(prefix);
    return prefix;
  }

  async createTopics(prefix: string): Promise<string[]> {
    if (!this.topicPrefixes.includes(prefix)) this.topicPrefixes.push(prefix);
    return createRegistryTopics(this.endpoints.kafkaBrokers, prefix);
  }

  keyPrefix(): string {
    const prefix = `t${suffix()}:`;
    this.keyPrefixes.push(prefix);
    return prefix;
  }

  /** Drops the databases, deletes topics and keys under the issued prefixes; reports every failure. */
  async cleanup(): Promise<void> {
    const results = await Promise.allSettled([this.dropDatabases(), this.deleteTopics(), this.deleteKeys()]);
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (errors.length > 0) throw new AggregateError(errors, 'infra: cleanup after the suite failed');
  }

  private async dropDatabases(): Promise<void> {
    const names = this.databases.splice(0);
    if (names.length === 0) return;
    await withPg(withDatabase(this.endpoints.databaseUrl, 'postgres'), async (pg) => {
      // FORCE closes connections a suite forgot to end (Postgres 13+).
      for (const name of names) await pg.query(`drop database if exists "${name}" with (force)`);
    });
  }

  private async deleteTopics(): Promise<void> {
    const prefixes = this.topicPrefixes.splice(0);
    if (prefixes.length === 0) return;
    const admin = adminKafka(this.endpoints.kafkaBrokers).admin();
    await admin.connect();
    try {
      const topics = (await admin.listTopics()).filter((t) => prefixes.some((p) => t.startsWith(p)));
      if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 15_000 });
    } finally {
      await admin.disconnect();
    }
  }

  private async deleteKeys(): Promise<void> {
    const prefixes = this.keyPrefixes.splice(0);
    if (prefixes.length === 0) return;
    const redis = redisClient(this.endpoints.redisUrl);
    await redis.connect();
    try {
      for (const prefix of prefixes) {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
          if (keys.length > 0) await redis.unlink(...keys);
          cursor = next;
        } while (cursor !== '0');
      }
    } finally {
      redis.disconnect();
    }
  }
}
