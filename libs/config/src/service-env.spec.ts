import { ConfigError } from './config-error';
import { loadEnv } from './env';
import {
  EnvSchemas,
  edgeApiEnvSchema,
  providerWorkersEnvSchema,
  standaloneEnvSchema,
  usageLedgerEnvSchema,
} from './service-env';

function envError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('service env schemas', () => {
  it('gives edge-api working defaults', () => {
    expect(loadEnv(edgeApiEnvSchema, {})).toEqual({
      GATEHOUSE_CONFIG: './config.yaml',
      GATEHOUSE_PORT: 4000,
      GATEHOUSE_HOST: '0.0.0.0',
      PROVIDER_WORKERS_GRPC_URL: '127.0.0.1:50052',
      AUTH_GRPC_URL: '127.0.0.1:50053',
      GUARDRAIL_GRPC_URL: '127.0.0.1:50054',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: 'gh:',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_TOPIC_PREFIX: '',
      GATEHOUSE_MASTER_KEY: undefined,
      LOG_LEVEL: 'info',
      LOG_FORMAT: undefined,
    });
  });

  it('gives usage-ledger its storage settings', () => {
    expect(
      loadEnv(usageLedgerEnvSchema, { KAFKA_BROKERS: 'k1:9092, k2:9092', S3_ENDPOINT: 'http://127.0.0.1:9000' }),
    ).toMatchObject({
      USAGE_LEDGER_GRPC_URL: '127.0.0.1:50055',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/gatehouse',
      KAFKA_BROKERS: ['k1:9092', 'k2:9092'],
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_BUCKET: 'gatehouse-usage',
    });
  });

  it('reads only what a service uses', () => {
    expect(Object.keys(providerWorkersEnvSchema.shape).sort()).toEqual([
      'AWS_REGION',
      'GATEHOUSE_CONFIG',
      'LOG_FORMAT',
      'LOG_LEVEL',
      'PROVIDER_WORKERS_GRPC_URL',
      'SECRETS_CACHE_TTL_SECONDS',
      'SECRETS_MANAGER_ENDPOINT',
    ]);
    expect(loadEnv(providerWorkersEnvSchema, { SECRETS_CACHE_TTL_SECONDS: '60' })).toMatchObject({
      AWS_REGION: 'us-east-1',
      SECRETS_CACHE_TTL_SECONDS: 60,
    });
    expect(Object.keys(EnvSchemas.router.shape)).not.toContain('DATABASE_URL');
    expect(Object.keys(EnvSchemas.auth.shape)).toContain('GATEHOUSE_MASTER_KEY');
  });

  it('uses one variable per gRPC service, so server and clients agree', () => {
    const address = { PROVIDER_WORKERS_GRPC_URL: '10.0.0.5:6000' };
    expect(loadEnv(EnvSchemas['provider-workers'], address).PROVIDER_WORKERS_GRPC_URL).toBe('10.0.0.5:6000');
    expect(loadEnv(EnvSchemas['edge-api'], address).PROVIDER_WORKERS_GRPC_URL).toBe('10.0.0.5:6000');
  });

  it("gives the standalone composition every in-process part's settings and no internal address", () => {
    const keys = Object.keys(standaloneEnvSchema.shape);
    expect(keys).toEqual(expect.arrayContaining(['GATEHOUSE_PORT', 'DATABASE_URL', 'AWS_REGION', 'S3_BUCKET']));
    expect(keys.filter((key) => key.endsWith('_GRPC_URL'))).toEqual([]);
  });

  it('leaves the standalone backends unset, so each is embedded until it is given', () => {
    expect(loadEnv(standaloneEnvSchema, {})).toMatchObject({
      GATEHOUSE_DATA_DIR: './.gatehouse',
      DATABASE_URL: undefined,
      REDIS_URL: undefined,
      KAFKA_BROKERS: undefined,
    });
    const given = loadEnv(standaloneEnvSchema, { REDIS_URL: 'redis://cache:6379', KAFKA_BROKERS: 'k1:9092' });
    expect(given).toMatchObject({
      REDIS_URL: 'redis://cache:6379',
      KAFKA_BROKERS: ['k1:9092'],
      DATABASE_URL: undefined,
    });
  });

  it('fails on several bad keys at once, naming each', () => {
    const error = envError(() =>
      loadEnv(edgeApiEnvSchema, {
        GATEHOUSE_PORT: '70000',
        PROVIDER_WORKERS_GRPC_URL: 'http://workers',
        KAFKA_BROKERS: 'k1:9092,,',
        KAFKA_TOPIC_PREFIX: 'bad prefix!',
        LOG_LEVEL: 'loud',
      }),
    );
    expect(error.issues.map((issue) => issue.location)).toEqual([
      'GATEHOUSE_PORT',
      'PROVIDER_WORKERS_GRPC_URL',
      'KAFKA_BROKERS[1]',
      'KAFKA_BROKERS[2]',
      'KAFKA_TOPIC_PREFIX',
      'LOG_LEVEL',
    ]);
    expect(error.message).toContain('  - PROVIDER_WORKERS_GRPC_URL: expected host:port, e.g. 127.0.0.1:50051');
  });

  it('rejects a database URL of the wrong kind', () => {
    const error = envError(() => loadEnv(EnvSchemas.auth, { DATABASE_URL: 'mysql://db/x' }));
    expect(error.issues).toEqual([{ location: 'DATABASE_URL', message: 'expected a postgres or postgresql URL' }]);
  });
});
