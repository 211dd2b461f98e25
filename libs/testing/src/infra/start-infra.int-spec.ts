import { randomUUID } from 'node:crypto';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ALL_TOPICS, deadLetterTopic, topicName, Topics } from '@gatehouse/contracts';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { Client } from 'pg';
import { adminKafka, redisClient, s3Client, withPg } from './probes';
import { startInfra } from './start-infra';
import { Infra } from './types';

// The first run on a bare machine may download the Kafka and s3proxy jars (about 2 minutes).
const START_TIMEOUT_MS = 300_000;

async function databaseExists(infra: Infra, url: string): Promise<boolean> {
  const name = new URL(url).pathname.slice(1);
  const admin = new URL(infra.databaseUrl);
  admin.pathname = '/postgres';
  const { rowCount } = await withPg(admin.toString(), (pg) =>
    pg.query('select 1 from pg_database where datname = $1', [name]),
  );
  return rowCount === 1;
}

async function listTopics(infra: Infra): Promise<string[]> {
  const admin = adminKafka(infra.kafkaBrokers).admin();
  await admin.connect();
  try {
    return await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
}

describe('startInfra', () => {
  let infra: Infra;

  beforeAll(async () => {
    infra = await startInfra();
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await infra?.stop();
  });

  it('reports where each service answers', () => {
    expect(['local', 'containers']).toContain(infra.mode);
    expect(infra.databaseUrl).toMatch(/^postgres(ql)?:\/\//);
    expect(infra.redisUrl).toMatch(/^redis:\/\//);
    expect(infra.kafkaBrokers.length).toBeGreaterThan(0);
    expect(infra.s3).toEqual(expect.objectContaining({ bucket: 'gatehouse-usage', region: 'us-east-1' }));
  });

  it('writes and reads rows in a database of its own', async () => {
    const url = await infra.createDatabase('infra-spec');
    const other = await infra.createDatabase('infra-spec');
    expect(url).not.toEqual(other);

    const pg = new Client({ connectionString: url });
    await pg.connect();
    try {
      await pg.query('create table notes (id serial primary key, body text not null)');
      await pg.query('insert into notes (body) values ($1), ($2)', ['first', 'second']);
      const { rows } = await pg.query<{ body: string }>('select body from notes order by id');
      expect(rows.map((r) => r.body)).toEqual(['first', 'second']);
    } finally {
      await pg.end();
    }
    const { rows } = await withPg(other, (o) => o.query("select to_regclass('notes') as notes"));
    expect(rows).toEqual([{ notes: null }]);
  });

  it('produces and consumes a message on a prefixed topic', async () => {
    const prefix = infra.topicPrefix();
    expect(prefix).toMatch(/^t[0-9a-f]{8}\.$/);
    const created = await infra.createTopics(prefix);
    const topic = topicName(Topics.UsageV1, prefix);
    expect(created).toEqual(expect.arrayContaining([topic, topicName(deadLetterTopic(Topics.ControlV1), prefix)]));
    expect(created).toHaveLength(ALL_TOPICS.length * 2);

    const kafka = new Kafka({ clientId: 'infra-spec', brokers: infra.kafkaBrokers, logLevel: logLevel.ERROR });
    const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    const consumer = kafka.consumer({ groupId: `${prefix}infra-spec` });
    const value = JSON.stringify({ id: randomUUID() });
    try {
      await Promise.all([producer.connect(), consumer.connect()]);
      await consumer.subscribe({ topic, fromBeginning: true });
      const received = new Promise<{ key: string; value: string; partition: number }>((resolve) => {
        void consumer.run({
          eachMessage: ({ message, partition }) => {
            resolve({ key: String(message.key), value: String(message.value), partition });
            return Promise.resolve();
          },
        });
      });
      const [sent] = await producer.send({ topic, acks: -1, messages: [{ key: 'tenant-1', value }] });
      const got = await received;
      expect(got).toEqual({ key: 'tenant-1', value, partition: sent?.partition });
    } finally {
      await Promise.all([producer.disconnect(), consumer.disconnect()]);
    }
  }, 60_000);

  it('sets and gets Redis keys under a prefix of its own', async () => {
    const prefix = infra.keyPrefix();
    expect(prefix).not.toEqual(infra.keyPrefix());
    const redis = redisClient(infra.redisUrl);
    await redis.connect();
    try {
      await redis.set(`${prefix}budget`, '42', 'EX', 60);
      expect(await redis.get(`${prefix}budget`)).toBe('42');
      expect(await redis.ttl(`${prefix}budget`)).toBeGreaterThan(0);
    } finally {
      await redis.quit();
    }
  });

  it('puts and gets an object in the S3 bucket', async () => {
    const s3 = s3Client(infra.s3);
    const key = `infra-spec/${randomUUID()}.json`;
    const body = JSON.stringify({ tokens: 1234 });
    try {
      await s3.send(
        new PutObjectCommand({ Bucket: infra.s3.bucket, Key: key, Body: body, ContentType: 'application/json' }),
      );
      const got = await s3.send(new GetObjectCommand({ Bucket: infra.s3.bucket, Key: key }));
      expect(got.ContentType).toBe('application/json');
      expect(await got.Body?.transformToString()).toBe(body);
      await s3.send(new DeleteObjectCommand({ Bucket: infra.s3.bucket, Key: key }));
    } finally {
      s3.destroy();
    }
  });

  it('has every registry topic and dead-letter topic on the shared broker', async () => {
    const topics = await listTopics(infra);
    for (const topic of ALL_TOPICS) {
      expect(topics).toEqual(expect.arrayContaining([topic, deadLetterTopic(topic)]));
    }
  });

  it('removes what a handle created when it stops, leaving other handles working', async () => {
    const second = await startInfra();
    expect(second.kafkaBrokers).toEqual(infra.kafkaBrokers);
    const url = await second.createDatabase('infra-stop');
    const prefix = second.topicPrefix();
    await second.createTopics(prefix);
    const keyPrefix = second.keyPrefix();
    const redis = redisClient(second.redisUrl);
    await redis.connect();
    try {
      await redis.set(`${keyPrefix}a`, '1');
      await second.stop();
      expect(await redis.exists(`${keyPrefix}a`)).toBe(0);
    } finally {
      await redis.quit();
    }
    expect(await databaseExists(infra, url)).toBe(false);
    expect((await listTopics(infra)).filter((t) => t.startsWith(prefix))).toEqual([]);
    // The first handle still holds the backend.
    expect(await databaseExists(infra, await infra.createDatabase('still-up'))).toBe(true);
  }, 60_000);
});
