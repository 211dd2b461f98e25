import { z } from 'zod';

/** The bucket usage is archived to when the environment names none. */
export const DEFAULT_S3_BUCKET = 'gatehouse-usage';

const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;
const TOPIC_PREFIX = /^[A-Za-z0-9._-]*$/;

function validPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

const hostPort = z.string().refine((value) => HOST_PORT.test(value) && validPort(Number(HOST_PORT.exec(value)?.[2])), {
  error: 'expected host:port, e.g. 127.0.0.1:50051',
});

/** A gRPC address: where the owning service listens and where its clients connect. */
const grpcAddress = (defaultPort: number) => hostPort.default(`127.0.0.1:${defaultPort}`);

const urlWithScheme = (schemes: readonly string[]) =>
  z.string().refine((value) => URL.canParse(value) && schemes.includes(new URL(value).protocol.slice(0, -1)), {
    error: `expected a ${schemes.join(' or ')} URL`,
  });

const port = z
  .preprocess((value) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value), z.number())
  .refine(validPort, { error: 'expected a port number 1-65535' });

const brokers = z
  .string()
  .transform((value) => value.split(',').map((broker) => broker.trim()))
  .pipe(z.array(hostPort).min(1));

const secondsSetting = z.preprocess(
  (value) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value),
  z.number().int().nonnegative({ error: 'expected a whole number of seconds' }),
);

const databaseUrl = urlWithScheme(['postgres', 'postgresql']);
const redisUrl = urlWithScheme(['redis', 'rediss']);

/** Every setting a service may read; each service schema picks the ones it uses. */
const settings = {
  GATEHOUSE_CONFIG: z.string().default('./config.yaml'),
  GATEHOUSE_PORT: port.default(4000),
  GATEHOUSE_HOST: z.string().default('0.0.0.0'),
  GATEHOUSE_MASTER_KEY: z.string().optional(),
  PROVIDER_WORKERS_GRPC_URL: grpcAddress(50052),
  AUTH_GRPC_URL: grpcAddress(50053),
  GUARDRAIL_GRPC_URL: grpcAddress(50054),
  USAGE_LEDGER_GRPC_URL: grpcAddress(50055),
  DATABASE_URL: databaseUrl.default('postgres://postgres@127.0.0.1:5432/gatehouse'),
  REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
  // Several gateways (or test suites) can share one Redis without seeing each other's counters.
  REDIS_KEY_PREFIX: z.string().default('gh:'),
  KAFKA_BROKERS: brokers.default(['127.0.0.1:9092']),
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(TOPIC_PREFIX, { error: 'may only contain letters, digits, ".", "_" and "-"' })
    .default(''),
  S3_ENDPOINT: urlWithScheme(['http', 'https']).optional(),
  S3_BUCKET: z.string().default(DEFAULT_S3_BUCKET),
  S3_REGION: z.string().default('us-east-1'),
  AWS_ACCESS_KEY_ID: z.string().optional(),
  AWS_SECRET_ACCESS_KEY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Unset: human-readable lines when stdout is a terminal, JSON lines otherwise.
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
};

const { GATEHOUSE_CONFIG, GATEHOUSE_PORT, GATEHOUSE_HOST, GATEHOUSE_MASTER_KEY, LOG_LEVEL, LOG_FORMAT } = settings;
const { PROVIDER_WORKERS_GRPC_URL, AUTH_GRPC_URL, GUARDRAIL_GRPC_URL, USAGE_LEDGER_GRPC_URL } = settings;
const { DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX, KAFKA_BROKERS, KAFKA_TOPIC_PREFIX } = settings;
const { S3_ENDPOINT, S3_BUCKET, S3_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY } = settings;

// edge-api holds the Redis rate-limit and budget counters on the request path (DESIGN §3), hence REDIS_URL.
export const edgeApiEnvSchema = z.object({
  GATEHOUSE_CONFIG,
  GATEHOUSE_PORT,
  GATEHOUSE_HOST,
  PROVIDER_WORKERS_GRPC_URL,
  AUTH_GRPC_URL,
  GUARDRAIL_GRPC_URL,
  REDIS_URL,
  REDIS_KEY_PREFIX,
  KAFKA_BROKERS,
  KAFKA_TOPIC_PREFIX,
  GATEHOUSE_MASTER_KEY,
  LOG_LEVEL,
  LOG_FORMAT,
});

export const authEnvSchema = z.object({
  GATEHOUSE_CONFIG,
  // How long edge-api may reuse a key lookup; control.v1 events drop it sooner.
  AUTH_KEY_CACHE_SECONDS: secondsSetting.default(10),
  // How old a remembered key may be and still work while Postgres is unreachable.
  AUTH_STALE_KEY_SECONDS: secondsSetting.default(600),
  AUTH_GRPC_URL,
  DATABASE_URL,
  REDIS_URL,
  REDIS_KEY_PREFIX,
  GATEHOUSE_MASTER_KEY,
  KAFKA_BROKERS,
  KAFKA_TOPIC_PREFIX,
  LOG_LEVEL,
  LOG_FORMAT,
});

// The router is off the request path: it reads usage.v1 and announces routing state on control.v1.
export const routerEnvSchema = z.object({
  GATEHOUSE_CONFIG,
  KAFKA_BROKERS,
  KAFKA_TOPIC_PREFIX,
  LOG_LEVEL,
  LOG_FORMAT,
});

// Secrets Manager for aws_secret/ references: the endpoint override serves LocalStack-style fakes.
export const providerWorkersEnvSchema = z.object({
  GATEHOUSE_CONFIG,
  PROVIDER_WORKERS_GRPC_URL,
  SECRETS_MANAGER_ENDPOINT: urlWithScheme(['http', 'https']).optional(),
  AWS_REGION: z.string().default('us-east-1'),
  SECRETS_CACHE_TTL_SECONDS: secondsSetting.default(300),
  LOG_LEVEL,
  LOG_FORMAT,
});

export const guardrailEnvSchema = z.object({
  GATEHOUSE_CONFIG,
  GUARDRAIL_GRPC_URL,
  // For `aws_secret/…` credentials of Bedrock guardrails.
  SECRETS_MANAGER_ENDPOINT: urlWithScheme(['http', 'https']).optional(),
  AWS_REGION: z.string().default('us-east-1'),
  SECRETS_CACHE_TTL_SECONDS: secondsSetting.default(300),
  LOG_LEVEL,
  LOG_FORMAT,
});

export const usageLedgerEnvSchema = z.object({
  USAGE_LEDGER_GRPC_URL,
  DATABASE_URL,
  KAFKA_BROKERS,
  KAFKA_TOPIC_PREFIX,
  S3_ENDPOINT,
  S3_BUCKET,
  S3_REGION,
  AWS_ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY,
  LOG_LEVEL,
  LOG_FORMAT,
});

/**
 * The standalone composition: every in-process part's settings, without the addresses of the hops
 * it skips. Each backend left unset is embedded under GATEHOUSE_DATA_DIR: PGlite for the database,
 * an in-process limits store for Redis, a durable local journal for Kafka.
 */
export const standaloneEnvSchema = z.object({
  ...edgeApiEnvSchema.omit({ PROVIDER_WORKERS_GRPC_URL: true, AUTH_GRPC_URL: true, GUARDRAIL_GRPC_URL: true }).shape,
  ...authEnvSchema.omit({ AUTH_GRPC_URL: true }).shape,
  ...providerWorkersEnvSchema.omit({ PROVIDER_WORKERS_GRPC_URL: true }).shape,
  ...usageLedgerEnvSchema.omit({ USAGE_LEDGER_GRPC_URL: true }).shape,
  ...routerEnvSchema.shape,
  GATEHOUSE_DATA_DIR: z.string().default('./.gatehouse'),
  DATABASE_URL: databaseUrl.optional(),
  REDIS_URL: redisUrl.optional(),
  KAFKA_BROKERS: brokers.optional(),
  // No default here: setting it (or S3_ENDPOINT) is what moves the archive from the data directory to S3.
  S3_BUCKET: z.string().optional(),
});

export const EnvSchemas = {
  'edge-api': edgeApiEnvSchema,
  auth: authEnvSchema,
  router: routerEnvSchema,
  'provider-workers': providerWorkersEnvSchema,
  guardrail: guardrailEnvSchema,
  'usage-ledger': usageLedgerEnvSchema,
} as const;

export type ServiceName = keyof typeof EnvSchemas;
export type EdgeApiEnv = z.output<typeof edgeApiEnvSchema>;
export type AuthEnv = z.output<typeof authEnvSchema>;
export type RouterEnv = z.output<typeof routerEnvSchema>;
export type ProviderWorkersEnv = z.output<typeof providerWorkersEnvSchema>;
export type GuardrailEnv = z.output<typeof guardrailEnvSchema>;
export type UsageLedgerEnv = z.output<typeof usageLedgerEnvSchema>;
export type StandaloneEnv = z.output<typeof standaloneEnvSchema>;
