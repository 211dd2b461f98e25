export type InfraMode = 'containers' | 'local';

export interface S3Settings {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** Where the four backing services answer, however they were started. */
export interface InfraEndpoints {
  databaseUrl: string;
  redisUrl: string;
  kafkaBrokers: string[];
  s3: S3Settings;
}

/** A running set of services plus the way to let go of them (a no-op for the shared local ones). */
export interface InfraBackend {
  mode: InfraMode;
  endpoints: InfraEndpoints;
  release(): Promise<void>;
}

/**
 * Real Postgres, Redis, Kafka and S3 for an integration suite. Each suite isolates itself with the
 * helpers; `stop()` removes what they created (databases, prefixed topics, prefixed keys).
 */
export interface Infra extends InfraEndpoints {
  mode: InfraMode;
  /** Creates a fresh, uniquely named database and returns its URL; dropped by `stop()`. */
  createDatabase(prefix?: string): Promise<string>;
  /** A unique topic prefix such as `t3f9a1c2e.`, for the suite's KAFKA_TOPIC_PREFIX. */
  topicPrefix(): string;
  /** Creates every registry topic and its dead-letter topic under `prefix`; returns their names. */
  createTopics(prefix: string): Promise<string[]>;
  /** A unique Redis key prefix such as `t3f9a1c2e:`; keys under it are deleted by `stop()`. */
  keyPrefix(): string;
  stop(): Promise<void>;
}
