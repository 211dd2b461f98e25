import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { createRegistryTopics } from './isolation';
import { s3Client } from './probes';
import { InfraBackend, S3Settings } from './types';

// Pinned so every machine runs the same servers. MinIO is published on quay.io (no longer on Docker Hub).
const IMAGES = {
  postgres: 'postgres:15-alpine',
  redis: 'redis:7.4-alpine',
  kafka: 'confluentinc/cp-kafka:7.9.1',
  minio: 'quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z',
};
const KAFKA_PLAINTEXT_PORT = 9093; // the listener @testcontainers/kafka maps to the host
const MINIO_PORT = 9000;
const CREDENTIALS = { accessKeyId: 'gatehouse-local', secretAccessKey: 'gatehouse-local-secret' };
const DATABASE = 'gatehouse';
const BUCKET = 'gatehouse-usage';

/** Postgres, Redis, Kafka (KRaft) and MinIO in containers, started together; release() stops them. */
export async function startContainerInfra(): Promise<InfraBackend> {
  const [{ GenericContainer, Wait }, { KafkaContainer }, { PostgreSqlContainer }, { RedisContainer }] =
    await Promise.all([
      import('testcontainers'),
      import('@testcontainers/kafka'),
      import('@testcontainers/postgresql'),
      import('@testcontainers/redis'),
    ]);
  const starting = [
    new PostgreSqlContainer(IMAGES.postgres).withDatabase(DATABASE).start(),
    new RedisContainer(IMAGES.redis).start(),
    new KafkaContainer(IMAGES.kafka).withKraft().withEnvironment({ KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false' }).start(),
    new GenericContainer(IMAGES.minio)
      .withEnvironment({ MINIO_ROOT_USER: CREDENTIALS.accessKeyId, MINIO_ROOT_PASSWORD: CREDENTIALS.secretAccessKey })
      .withCommand(['server', '/data'])
      .withExposedPorts(MINIO_PORT)
      .withWaitStrategy(Wait.forHttp('/minio/health/live', MINIO_PORT))
      .start(),
  ] as const;
  const settled = await Promise.allSettled(starting);
  const started = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const release = async (): Promise<void> => {
    await Promise.allSettled(started.map((container) => container.stop()));
  };
  const [postgres, redis, kafka, minio] = settled;
  if (
    postgres.status === 'rejected' ||
    redis.status === 'rejected' ||
    kafka.status === 'rejected' ||
    minio.status === 'rejected'
  ) {
    await release();
    const reasons = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    const why = [...new Set(reasons.map((r) => (r instanceof Error ? r.message : String(r))))].join('; ');
    throw new AggregateError(reasons, `infra: starting the containers failed: ${why}`);
  }

  const s3: S3Settings = {
    endpoint: `http://${minio.value.getHost()}:${minio.value.getMappedPort(MINIO_PORT)}`,
    bucket: BUCKET,
    region: 'us-east-1',
    ...CREDENTIALS,
  };
  const endpoints = {
    databaseUrl: postgres.value.getConnectionUri(),
    redisUrl: redis.value.getConnectionUrl(),
    kafkaBrokers: [`${kafka.value.getHost()}:${kafka.value.getMappedPort(KAFKA_PLAINTEXT_PORT)}`],
    s3,
  };
  try {
    // The same shared state `infra.mjs up` leaves behind: the bucket and the unprefixed topics.
    await Promise.all([createBucket(s3), createRegistryTopics(endpoints.kafkaBrokers, '')]);
  } catch (error) {
    await release();
    throw error;
  }
  return { mode: 'containers', endpoints, release };
}

async function createBucket(s3: S3Settings): Promise<void> {
  const client = s3Client(s3);
  try {
    await client.send(new CreateBucketCommand({ Bucket: s3.bucket }));
  } finally {
    client.destroy();
  }
}
