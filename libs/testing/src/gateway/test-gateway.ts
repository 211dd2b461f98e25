import { Composition, launchGateway, RunningGateway } from '@gatehouse/launcher';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FakeUpstream, startFakeUpstream } from '../fake-upstream';
import { startTcpProxy, TcpProxy } from '../fault';
import { startInfra } from '../infra';

export const TEST_MASTER_KEY = 'sk-test-master-0123456789';
export const FAKE_UPSTREAM_KEY = 'sk-fake-upstream';

export interface TestGatewayOptions {
  /** One process (`standalone`) or the six apps (`services`, the default); the suites run both. */
  composition?: Composition;
  /** config.yaml text for the gateway, given the fake upstream's OpenAI base URL (…/v1). */
  config: (upstreamBaseUrl: string) => string;
  env?: NodeJS.ProcessEnv;
  /** Extra HTTP front replicas sharing the same Postgres, Redis and Kafka (see `replicaBaseURLs`). */
  extraEdgeReplicas?: number;
  /** Put Postgres behind a TCP proxy the test can cut (`postgres`) to play an outage; `'cut'` starts it cut. */
  postgresProxy?: boolean | 'cut';
}

export interface TestGateway {
  /** edge-api's base URL for OpenAI SDK clients (…/v1). */
  baseURL: string;
  url: string;
  masterKey: string;
  upstream: FakeUpstream;
  databaseUrl: string;
  /** The extra replicas' OpenAI base URLs (…/v1). */
  replicaBaseURLs: string[];
  /** Present with `postgresProxy`: cut() makes Postgres unreachable for the gateway. */
  postgres?: TcpProxy;
  redisKeyPrefix: string;
  topicPrefix: string;
  gateway: RunningGateway;
  stop(): Promise<void>;
}

const DIST = resolve(__dirname, '../../../../dist');

/**
 * The whole gateway as it runs in production, in either composition (the six built apps as
 * processes, or all of them in one), against real Kafka, Postgres and Redis, with their own
 * database and topics, in front of a fake upstream.
 */
export async function startTestGateway(options: TestGatewayOptions): Promise<TestGateway> {
  if (!existsSync(join(DIST, 'apps', 'edge-api', 'src', 'main.js'))) {
    throw new Error(`no build in ${DIST}: run \`npm run build\` before the integration suites`);
  }
  const infra = await startInfra();
  const databaseUrl = await infra.createDatabase('e2e');
  const topicPrefix = infra.topicPrefix();
  await infra.createTopics(topicPrefix);
  const redisKeyPrefix = infra.keyPrefix();
  const postgres = options.postgresProxy ? await startTcpProxy(hostPortOf(databaseUrl)) : undefined;
  const gatewayDatabaseUrl = postgres ? viaPort(databaseUrl, postgres.port) : databaseUrl;
  if (options.postgresProxy === 'cut') await postgres?.cut();
  const upstream = await startFakeUpstream({ apiKey: FAKE_UPSTREAM_KEY });
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-'));
  const configPath = join(dir, 'config.yaml');
  writeFileSync(configPath, options.config(upstream.baseUrl));
  const gateway = await launchGateway({
    distRoot: DIST,
    composition: options.composition,
    freePorts: true,
    logDir: join(dir, 'logs'),
    extraEdgeReplicas: options.extraEdgeReplicas,
    env: {
      ...process.env,
      GATEHOUSE_CONFIG: configPath,
      GATEHOUSE_MASTER_KEY: TEST_MASTER_KEY,
      DATABASE_URL: gatewayDatabaseUrl,
      REDIS_URL: infra.redisUrl,
      REDIS_KEY_PREFIX: redisKeyPrefix,
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
      S3_ENDPOINT: infra.s3.endpoint,
      S3_BUCKET: infra.s3.bucket,
      S3_REGION: infra.s3.region,
      AWS_ACCESS_KEY_ID: infra.s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: infra.s3.secretAccessKey,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
  }).catch(async (error: unknown) => {
    await upstream.close();
    await postgres?.close();
    await infra.stop();
    throw error;
  });
  return {
    baseURL: `${gateway.url}/v1`,
    url: gateway.url,
    masterKey: TEST_MASTER_KEY,
    upstream,
    databaseUrl,
    replicaBaseURLs: gateway.replicaUrls.map((url) => `${url}/v1`),
    postgres,
    redisKeyPrefix,
    topicPrefix,
    gateway,
    async stop() {
      await gateway.stop();
      await upstream.close();
      await postgres?.close();
      await infra.stop();
    },
  };
}

function hostPortOf(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || 5432) };
}

function viaPort(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  parsed.port = String(port);
  return parsed.toString();
}
