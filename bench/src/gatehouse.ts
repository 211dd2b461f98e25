import { Composition, launchGateway, RunningGateway } from '@gatehouse/launcher';
import { startInfra } from '@gatehouse/testing';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
 * Two deployments behind one group, with the routing state a strategy reads (least-busy), retries,
 * a fallback group and the response cache on: everything a request pays for when configured,
 * though nothing fails.
 */
function routedConfig(upstreamBaseUrl: string): string {
  const deployment = (group: string, id: string) => [
    `  - model_name: ${group}`,
    `    model_info: { id: ${id}, input_cost_per_token: 0.00000015, output_cost_per_token: 0.0000006 }`,
    `    litellm_params: { model: openai/gpt-4o-mini, api_base: "${upstreamBaseUrl}", api_key: ${UPSTREAM_KEY} }`,
  ];
  return [
    'model_list:',
    ...deployment('gpt-4o-mini', 'mini-a'),
    ...deployment('gpt-4o-mini', 'mini-b'),
    ...deployment('backup', 'backup-1'),
    'router_settings:',
    '  routing_strategy: least-busy',
    '  num_retries: 2',
    '  fallbacks: [{ gpt-4o-mini: [backup] }]',
    'litellm_settings:',
    '  cache: true',
    '  cache_params: { type: local, ttl: 600 }',
    '',
  ].join('\n');
}

const PII = ['email', 'us_ssn', 'phone', 'credit_card', 'iban', 'ip_address'];
const SECRETS = ['aws_access_key', 'aws_secret_key', 'github_token', 'jwt', 'private_key', 'openai_api_key'];
const GUARDRAILS = ['filters', 'injection', 'size', 'denied'];

/**
 * The built-in guardrails an operator would turn on together: the content filter with every PII
 * pattern masking and every secret pattern and some words blocking, the prompt-injection
 * heuristic, the input size check and a deny list. Defined, not on by default: a virtual key
 * carries them, so one process serves the call with and without them.
 */
function guardedConfig(upstreamBaseUrl: string): string {
  const pattern = (name: string, action: string) =>
    `        - { pattern_type: prebuilt, pattern_name: ${name}, action: ${action} }`;
  return [
    gatehouseConfig(upstreamBaseUrl).trimEnd(),
    'guardrails:',
    '  - guardrail_name: filters',
    '    litellm_params:',
    '      guardrail: litellm_content_filter',
    '      mode: pre_call',
    '      patterns:',
    ...PII.map((name) => pattern(name, 'MASK')),
    ...SECRETS.map((name) => pattern(name, 'BLOCK')),
    '      blocked_words:',
    '        - { keyword: project falcon, action: BLOCK, description: internal codename }',
    '        - { keyword: langchain, action: BLOCK }',
    '  - guardrail_name: injection',
    '    litellm_params: { guardrail: prompt_injection, mode: pre_call }',
    '  - guardrail_name: size',
    '    litellm_params: { guardrail: max_input_size, mode: pre_call, max_chars: 100000 }',
    '  - guardrail_name: denied',
    '    litellm_params: { guardrail: deny_list, mode: pre_call, terms: [contraband, exploit kit, credential dump] }',
    '',
  ].join('\n');
}

/** About 4 KB of ordinary business prose with figures and dates, in which no guardrail finds anything. */
export function guardedPrompt(): string {
  const lines: string[] = [];
  for (let i = 1; lines.join(' ').length < 4096; i++)
    lines.push(
      `Item ${i}: the review on 2026-11-${String((i % 28) + 1).padStart(2, '0')} covered ${i * 3} regional teams, ` +
        `latency targets of ${i * 7} ms and version 4.${i}.2 of the billing service; owners will follow up next week.`,
    );
  return lines.join(' ').slice(0, 4096);
}

/** The settings every Gatehouse target gets. Nothing logs on the request path at warn. */
function baseEnv(configPath: string, nodeOptions: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
    GATEHOUSE_CONFIG: configPath,
    GATEHOUSE_MASTER_KEY: MASTER_KEY,
    LOG_LEVEL: 'warn',
  };
}

/**
 * What the compositions on real services get: a database, topics and Redis keys of their own
 * (dropped on stop), so the line counts printed on stop show any warning raised while measured.
 */
async function infraEnv(infra: Infra): Promise<NodeJS.ProcessEnv> {
  const databaseUrl = await infra.createDatabase('bench');
  const topicPrefix = infra.topicPrefix();
  await infra.createTopics(topicPrefix);
  return {
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
  };
}

/** `npm start` as a new user runs it: no backend settings, a fresh data directory of its own. */
function embeddedEnv(logDir: string): NodeJS.ProcessEnv {
  return {
    DATABASE_URL: undefined,
    REDIS_URL: undefined,
    KAFKA_BROKERS: undefined,
    S3_ENDPOINT: undefined,
    S3_BUCKET: undefined,
    GATEHOUSE_DATA_DIR: mkdtempSync(join(logDir, 'data-')),
  };
}

async function generateVirtualKey(gatewayUrl: string, fields: Record<string, unknown> = {}): Promise<string> {
  const response = await fetch(`${gatewayUrl}/key/generate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...VIRTUAL_KEY_LIMITS, ...fields }),
  });
  const body = (await response.json()) as { key?: unknown };
  if (response.status !== 200 || typeof body.key !== 'string')
    throw new Error(`POST /key/generate answered ${response.status}: ${JSON.stringify(body)}`);
  return body.key;
}

async function targetsOf(
  group: Parameters<typeof startGatehouse>[0],
  url: string,
  target: (what: string, secret: string, headers?: Record<string, string>) => Target,
): Promise<Target[]> {
  if (group === 'routed')
    return [target('cache miss', MASTER_KEY, { 'cache-control': 'no-cache' }), target('cache hit', MASTER_KEY)];
  if (group !== 'guarded')
    return [target('master key', MASTER_KEY), target('virtual key', await generateVirtualKey(url))];
  const prompt = guardedPrompt();
  const off = { ...target('filters off', await generateVirtualKey(url)), prompt };
  const on = { ...target('filters on', await generateVirtualKey(url, { guardrails: GUARDRAILS })), prompt };
  return [off, { ...on, baseline: off.name }];
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
 * Gatehouse in one group (`embedded` and `standalone`: one process, on its embedded backends or on
 * Postgres, Redis and Kafka; `services`: the six apps), as two targets: the master key, and a virtual
 * key with limits (the path with admission). `routed` is the embedded process with routing and the
 * cache configured, as two targets: every request a cache miss (`cache-control: no-cache`: looked
 * up never, stored always), and every request a hit. `guarded` is the embedded process with the
 * built-in guardrails defined, as two virtual keys asked a 4 KB prompt: one without guardrails, and
 * one carrying them all, measured against the first.
 */
export async function startGatehouse(
  group: 'embedded' | 'routed' | 'guarded' | Composition,
  upstream: Upstream,
  logDir: string,
  nodeOptions = '',
): Promise<RunningTargets> {
  const embedded = group === 'embedded' || group === 'routed' || group === 'guarded';
  const composition: Composition = embedded ? 'standalone' : group;
  const infra = embedded ? undefined : await startInfra();
  const appLogs = join(logDir, 'gatehouse');
  let gateway: RunningGateway | undefined;
  let atReady: Map<string, number> | undefined;
  const stop = async (): Promise<void> => {
    forget();
    if (atReady) reportLogging(appLogs, atReady);
    await gateway?.stop();
    await infra?.stop();
  };
  const forget = stopOnInterrupt(stop);
  try {
    const configPath = join(logDir, 'gatehouse.config.yaml');
    const config = group === 'routed' ? routedConfig : group === 'guarded' ? guardedConfig : gatehouseConfig;
    writeFileSync(configPath, config(upstream.baseUrl));
    const backends = infra ? await infraEnv(infra) : embeddedEnv(logDir);
    const env = { ...baseEnv(configPath, nodeOptions), ...backends };
    const launched = performance.now();
    gateway = await launchGateway({ composition, distRoot: DIST, freePorts: true, logDir: appLogs, env });
    const fresh = embedded ? ' on a fresh data directory' : '';
    console.log(
      `  Gatehouse ${group} ready ${((performance.now() - launched) / 1000).toFixed(2)} s after launch${fresh}`,
    );
    const url = gateway.url;
    const target = (what: string, secret: string, headers: Record<string, string> = {}): Target => ({
      name: `Gatehouse ${group} (${what})`,
      group,
      url,
      headers: { authorization: `Bearer ${secret}`, ...headers },
    });
    const targets = await targetsOf(group, url, target);
    atReady = logLines(appLogs);
    return {
      targets,
      pids: pidsOf(gateway),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
