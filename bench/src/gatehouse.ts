import { Composition, launchGateway, RunningGateway } from '@gatehouse/launcher';
import { startInfra } from '@gatehouse/testing';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST } from './paths';
import { stopOnInterrupt } from './processes';
import { RunningTargets, Target, Upstream, UPSTREAM_KEY } from './targets';

const MASTER_KEY = 'sk-bench-master-0123456789';
/** As the task sets it: limits high enough never to refuse, so only the cost of checking them shows. */
const VIRTUAL_KEY_LIMITS = { rpm_limit: 100_000_000, max_budget: 1_000_000 };

type Infra = Awaited<ReturnType<typeof startInfra>>;

function gatehouseConfig(upstreamBaseUrl: string): string {
  return [
    'model_list:',
    '  - model_name: gpt-4o-mini',
    '    litellm_params:',
    '      model: openai/gpt-4o-mini',
    `      api_base: ${upstreamBaseUrl}`,
    `      api_key: ${UPSTREAM_KEY}`,
    // Priced, so that the virtual key's budget check reserves and settles real amounts.
    '    model_info:',
    '      input_cost_per_token: 0.00000015',
    '      output_cost_per_token: 0.0000006',
    '',
  ].join('\n');
}

/**
 * The environment both compositions get: a database, topics and Redis keys of their own (dropped on
 * stop), the same config and keys. Nothing logs on the request path at warn, so the line counts printed
 * on stop show any warning raised while measured.
 */
async function gatehouseEnv(infra: Infra, configPath: string, nodeOptions: string): Promise<NodeJS.ProcessEnv> {
  const databaseUrl = await infra.createDatabase('bench');
  const topicPrefix = infra.topicPrefix();
  await infra.createTopics(topicPrefix);
  return {
    ...process.env,
    ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
    GATEHOUSE_CONFIG: configPath,
    GATEHOUSE_MASTER_KEY: MASTER_KEY,
    DATABASE_URL: databaseUrl,
    REDIS_URL: infra.redisUrl,
    REDIS_KEY_PREFIX: infra.keyPrefix(),
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: topicPrefix,
    S3_ENDPOINT: infra.s3.endpoint,
    S3_BUCKET: infra.s3.bucket,
    S3_REGION: infra.s3.region,
    AWS_ACCESS_KEY_ID: infra.s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: infra.s3.secretAccessKey,
    LOG_LEVEL: 'warn',
  };
}

async function generateVirtualKey(gatewayUrl: string): Promise<string> {
  const response = await fetch(`${gatewayUrl}/key/generate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(VIRTUAL_KEY_LIMITS),
  });
  const body = (await response.json()) as { key?: unknown };
  if (response.status !== 200 || typeof body.key !== 'string')
    throw new Error(`POST /key/generate answered ${response.status}: ${JSON.stringify(body)}`);
  return body.key;
}

/** Lines in each process's log file, to show that the request path logs nothing while measured. */
function logLines(dir: string): Map<string, number> {
  return new Map(
    readdirSync(dir)
      .filter((name) => name.endsWith('.log'))
      .map((name) => [name.replace(/\.log$/, ''), readFileSync(join(dir, name), 'utf8').split('\n').length - 1]),
  );
}

function reportLogging(dir: string, atReady: Map<string, number>): void {
  const added = [...logLines(dir)].map(([app, lines]) => `${app} ${lines - (atReady.get(app) ?? 0)}`);
  console.log(`  Gatehouse log lines written after start-up: ${added.join(', ')} (logs in ${dir})`);
}

function pidsOf(gateway: RunningGateway): Map<number, string> {
  const pids = new Map<number, string>();
  for (const [name, app] of gateway.apps) if (app.child.pid !== undefined) pids.set(app.child.pid, name);
  return pids;
}

/**
 * Gatehouse in one composition (`standalone`: one process; `services`: the six apps), as two targets:
 * the master key, and a virtual key with limits (the path with Redis admission).
 */
export async function startGatehouse(
  composition: Composition,
  upstream: Upstream,
  logDir: string,
  nodeOptions = '',
): Promise<RunningTargets> {
  const infra = await startInfra();
  const appLogs = join(logDir, 'gatehouse');
  let gateway: RunningGateway | undefined;
  let atReady: Map<string, number> | undefined;
  const stop = async (): Promise<void> => {
    forget();
    if (atReady) reportLogging(appLogs, atReady);
    await gateway?.stop();
    await infra.stop();
  };
  const forget = stopOnInterrupt(stop);
  try {
    const configPath = join(logDir, 'gatehouse.config.yaml');
    writeFileSync(configPath, gatehouseConfig(upstream.baseUrl));
    const env = await gatehouseEnv(infra, configPath, nodeOptions);
    gateway = await launchGateway({ composition, distRoot: DIST, freePorts: true, logDir: appLogs, env });
    const url = gateway.url;
    const virtualKey = await generateVirtualKey(url);
    atReady = logLines(appLogs);
    const target = (key: string, secret: string): Target => ({
      name: `Gatehouse ${composition} (${key})`,
      group: composition,
      url,
      headers: { authorization: `Bearer ${secret}` },
    });
    return {
      targets: [target('master key', MASTER_KEY), target('virtual key', virtualKey)],
      pids: pidsOf(gateway),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
