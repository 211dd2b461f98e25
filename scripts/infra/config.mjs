// Fixed facts about the local infrastructure: where things live on disk, which ports are preferred,
// the local S3 credentials and the topics every environment gets.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const INFRA = join(ROOT, '.infra');

export const paths = {
  infra: INFRA,
  pom: join(ROOT, 'scripts/infra/pom.xml'),
  s3proxyLogback: join(ROOT, 'scripts/infra/s3proxy-logback.xml'),
  lib: (profile) => join(INFRA, 'lib', profile),
  logs: join(INFRA, 'logs'),
  log: (name) => join(INFRA, 'logs', `${name}.log`),
  pids: join(INFRA, 'pids'),
  pid: (name) => join(INFRA, 'pids', `${name}.pid`),
  kafka: join(INFRA, 'kafka'),
  kafkaData: join(INFRA, 'kafka', 'data'),
  kafkaProperties: join(INFRA, 'kafka', 'server.properties'),
  s3: join(INFRA, 's3'),
  s3Data: join(INFRA, 's3', 'data'),
  s3Properties: join(INFRA, 's3', 's3proxy.properties'),
  state: join(INFRA, 'state.json'),
  lock: join(INFRA, 'infra.lock'),
  envFile: join(ROOT, '.env.infra'),
};

export const HOST = '127.0.0.1';
export const postgres = { port: 5432, user: 'postgres', database: 'gatehouse' };
export const redis = { port: 6379 };
export const preferredPorts = { kafka: 9092, kafkaController: 9093, s3: 9000 };

// Fixed, local-only credentials: s3proxy checks AWS signatures (v2 or v4) against these, so clients
// exercise the same signing path as against AWS.
export const s3 = {
  bucket: 'gatehouse-usage',
  region: 'us-east-1',
  accessKeyId: 'gatehouse-local',
  secretAccessKey: 'gatehouse-local-secret',
};

// Mirrors the registry in libs/contracts/src/events/topics.ts (Topics, TOPIC_PARTITIONS,
// deadLetterTopic). This script is plain Node and cannot import TypeScript; the integration spec in
// libs/testing/src/infra checks the two agree.
const BASE_TOPICS = [
  { topic: 'usage.v1', numPartitions: 3 },
  { topic: 'request-log.v1', numPartitions: 3 },
  { topic: 'control.v1', numPartitions: 1 },
];
export const TOPICS = [
  ...BASE_TOPICS,
  ...BASE_TOPICS.map(({ topic }) => ({ topic: `${topic}.dlq`, numPartitions: 1 })),
];

export const javaOptions = {
  // Small heaps and a quick-to-start JIT/GC setup: these serve tests on a 2-core machine, not load.
  kafka: [
    ...['-Xms256m', '-Xmx512m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:+ExitOnOutOfMemoryError'],
    // slf4j-simple (see pom.xml) writes to stderr; timestamps make .infra/logs/kafka.log readable.
    '-Dorg.slf4j.simpleLogger.showDateTime=true',
    "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS",
  ],
  s3proxy: ['-Xms64m', '-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:+ExitOnOutOfMemoryError'],
};

export const timeouts = { kafkaMs: 90_000, s3Ms: 45_000, postgresMs: 30_000, redisMs: 15_000, stopMs: 30_000 };

export function ensureDirs(...dirs) {
  for (const dir of dirs) mkdirSync(dir, { recursive: true });
}

/** Ports and the Kafka cluster id are chosen once and kept, so `.env.infra` stays stable. */
export function loadState() {
  try {
    return JSON.parse(readFileSync(paths.state, 'utf8'));
  } catch {
    return {};
  }
}

export function saveState(state) {
  writeAtomically(paths.state, `${JSON.stringify(state, null, 2)}\n`);
}

export function writeAtomically(file, contents) {
  ensureDirs(dirname(file));
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

export function fileHash(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export function endpoints(state) {
  return {
    DATABASE_URL: `postgres://${postgres.user}@${HOST}:${postgres.port}/${postgres.database}`,
    REDIS_URL: `redis://${HOST}:${redis.port}`,
    KAFKA_BROKERS: `${HOST}:${state.kafka?.port ?? preferredPorts.kafka}`,
    S3_ENDPOINT: `http://${HOST}:${state.s3?.port ?? preferredPorts.s3}`,
    S3_BUCKET: s3.bucket,
    S3_REGION: s3.region,
    AWS_ACCESS_KEY_ID: s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
  };
}

export function writeEnvFile(state) {
  const lines = Object.entries(endpoints(state)).map(([key, value]) => `${key}=${value}`);
  const header = '# Written by `npm run infra:up` (scripts/infra/infra.mjs); local services on loopback.';
  writeAtomically(paths.envFile, `${header}\n${lines.join('\n')}\n`);
}
