import { freePort } from '@gatehouse/launcher';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BARE_PROXY_MAIN, FAKE_UPSTREAM_MAIN, PORTKEY_SERVER } from './paths';
import { packageVersion } from './versions';
import { NodeChild, waitForPort } from './processes';

export const UPSTREAM_KEY = 'sk-bench-upstream';

/**
 * What `--targets` picks from, in the order they run: each group is started, measured and stopped
 * alone. `embedded` is the standalone composition as `npm start` runs it, on its embedded backends;
 * `routed` is the same with routing state, retries, fallbacks and the response cache configured;
 * `guarded` is the embedded process asked a 4 KB prompt with and without the built-in guardrails;
 * `standalone` is the same process on Postgres, Redis and Kafka.
 */
export const GROUPS = [
  'direct',
  'embedded',
  'routed',
  'guarded',
  'standalone',
  'services',
  'portkey',
  'proxy',
] as const;
export type Group = (typeof GROUPS)[number];

/** Something that answers POST /v1/chat/completions. */
export interface Target {
  name: string;
  group: Group;
  url: string;
  headers: Record<string, string>;
  /** The prompt this target is asked instead of the scenarios' own; it is then compared only with `baseline`. */
  prompt?: string;
  /** The target of the same group whose p50 is this one's reference, instead of the direct upstream's. */
  baseline?: string;
}

/** Processes behind one or more targets; `pids` names each process, for CPU, memory and profiles. */
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

/** The upstream itself: the baseline every overhead is measured from. It has no process of its own to watch. */
export function startDirect(upstream: Upstream): Promise<RunningTargets> {
  const target: Target = {
    name: 'direct upstream',
    group: 'direct',
    url: upstream.url,
    headers: { authorization: `Bearer ${UPSTREAM_KEY}` },
  };
  return Promise.resolve({ targets: [target], pids: new Map(), stop: () => Promise.resolve() });
}

interface OneProcess {
  url: string;
  pids: Map<number, string>;
  stop(): Promise<void>;
}

/** A Node process of its own on a free port, so it never shares the load generator's event loop. */
async function startOneProcess(
  name: string,
  args: (port: number) => string[],
  logDir: string,
  nodeOptions: string,
): Promise<OneProcess> {
  const port = await freePort();
  mkdirSync(logDir, { recursive: true });
  const child = new NodeChild({
    name,
    args: args(port),
    env: { ...process.env, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) },
    logFile: join(logDir, `${name}.log`),
  });
  try {
    await waitForPort(child, port);
  } catch (error) {
    await child.stop();
    throw error;
  }
  const pids = new Map<number, string>(child.child.pid === undefined ? [] : [[child.child.pid, name]]);
  return { url: `http://127.0.0.1:${port}`, pids, stop: () => child.stop() };
}

/** Portkey's open-source gateway as its README runs it (`npx @portkey-ai/gateway`), without the UI. */
export async function startPortkey(upstream: Upstream, logDir: string, nodeOptions = ''): Promise<RunningTargets> {
  const running = await startOneProcess(
    'portkey',
    (port) => [PORTKEY_SERVER, `--port=${port}`, '--headless'],
    logDir,
    nodeOptions,
  );
  const target: Target = {
    name: `Portkey ${packageVersion('@portkey-ai/gateway')}`,
    group: 'portkey',
    url: running.url,
    headers: {
      'x-portkey-provider': 'openai',
      'x-portkey-custom-host': upstream.baseUrl,
      authorization: `Bearer ${UPSTREAM_KEY}`,
    },
  };
  return { targets: [target], pids: running.pids, stop: running.stop };
}

/** The floor for any gateway in Node: bare-proxy.ts, which forwards bytes and nothing else. */
export async function startBareProxy(upstream: Upstream, logDir: string, nodeOptions = ''): Promise<RunningTargets> {
  const running = await startOneProcess(
    'proxy',
    (port) => [BARE_PROXY_MAIN, `--port=${port}`, `--upstream=${upstream.url}`],
    logDir,
    nodeOptions,
  );
  const target: Target = {
    name: 'bare node:http proxy',
    group: 'proxy',
    url: running.url,
    headers: { authorization: `Bearer ${UPSTREAM_KEY}` },
  };
  return { targets: [target], pids: running.pids, stop: running.stop };
}
