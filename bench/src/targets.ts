import { freePort, launchGateway, RunningGateway } from '@gatehouse/launcher';
import { startInfra } from '@gatehouse/testing';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, FAKE_UPSTREAM_MAIN, PORTKEY_SERVER } from './paths';
import { packageVersion } from './versions';
import { NodeChild, stopOnInterrupt, waitForPort } from './processes';

export const UPSTREAM_KEY = 'sk-bench-upstream';
const MASTER_KEY = 'sk-bench-master-0123456789';
/** As the task sets it: limits high enough never to refuse, so only the cost of checking them shows. */
const VIRTUAL_KEY_LIMITS = { rpm_limit: 100_000_000, max_budget: 1_000_000 };

/** Something that answers POST /v1/chat/completions. */
export interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
}

/** Processes behind one or more targets; `pids` names each process, for reading CPU profiles. */
export interface RunningTargets {
  targets: Target[];
  pids: Map<number, string>;
  stop(): Promise<void>;
}

export interface Upstream {
  url: string;
  baseUrl: string;
  stop(): Promise<void>;
}

export async function startUpstream(logDir: string): Promise<Upstream> {
  const port = await freePort();
  const child = new NodeChild({
    name: 'fake-upstream',
    args: [FAKE_UPSTREAM_MAIN],
    env: { ...process.env, FAKE_UPSTREAM_PORT: String(port), FAKE_UPSTREAM_API_KEY: UPSTREAM_KEY },
    logFile: join(logDir, 'fake-upstream.log'),
  });
  await waitForPort(child, port);
  const url = `http://127.0.0.1:${port}`;
  return { url, baseUrl: `${url}/v1`, stop: () => child.stop() };
}

export function directTarget(upstream: Upstream): Target {
  return { name: 'direct upstream', url: upstream.url, headers: { authorization: `Bearer ${UPSTREAM_KEY}` } };
}

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

/** Lines in each app's log file, to show that the request path logs nothing while measured. */
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
 * All six apps as in production, on a database, topics and Redis keys of their own (dropped on stop),
 * as two targets: the master key, and a virtual key with limits (the path with Redis admission).
 */
export async function startGatehouse(upstream: Upstream, logDir: string, nodeOptions = ''): Promise<RunningTargets> {
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
    const databaseUrl = await infra.createDatabase('bench');
    const topicPrefix = infra.topicPrefix();
    await infra.createTopics(topicPrefix);
    const configPath = join(logDir, 'gatehouse.config.yaml');
    writeFileSync(configPath, gatehouseConfig(upstream.baseUrl));
    gateway = await launchGateway({
      distRoot: DIST,
      freePorts: true,
      logDir: appLogs,
      env: {
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
        // Not warn: launchGateway knows usage-ledger is ready from an info line. No app logs per request
        // at info (the line counts printed on stop show it), so the request path does the same work.
        LOG_LEVEL: 'info',
      },
    });
    const virtualKey = await generateVirtualKey(gateway.url);
    atReady = logLines(appLogs);
    const targets = [
      { name: 'Gatehouse (master key)', url: gateway.url, headers: { authorization: `Bearer ${MASTER_KEY}` } },
      { name: 'Gatehouse (virtual key)', url: gateway.url, headers: { authorization: `Bearer ${virtualKey}` } },
    ];
    return { targets, pids: pidsOf(gateway), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Portkey's open-source gateway as its README runs it (`npx @portkey-ai/gateway`), without the UI. */
export async function startPortkey(upstream: Upstream, logDir: string, nodeOptions = ''): Promise<RunningTargets> {
  const port = await freePort();
  mkdirSync(logDir, { recursive: true });
  const child = new NodeChild({
    name: 'portkey',
    args: [PORTKEY_SERVER, `--port=${port}`, '--headless'],
    env: { ...process.env, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) },
    logFile: join(logDir, 'portkey.log'),
  });
  try {
    await waitForPort(child, port);
  } catch (error) {
    await child.stop();
    throw error;
  }
  const target: Target = {
    name: `Portkey ${packageVersion('@portkey-ai/gateway')}`,
    url: `http://127.0.0.1:${port}`,
    headers: {
      'x-portkey-provider': 'openai',
      'x-portkey-custom-host': upstream.baseUrl,
      authorization: `Bearer ${UPSTREAM_KEY}`,
    },
  };
  const pids = new Map<number, string>(child.child.pid === undefined ? [] : [[child.child.pid, 'portkey']]);
  return { targets: [target], pids, stop: () => child.stop() };
}
