import { FAKE_UPSTREAM_KEY, TEST_MASTER_KEY } from '@gatehouse/testing';
import { freePort } from '@gatehouse/launcher';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const LAUNCHER = resolve(__dirname, '../../../dist/libs/launcher/src/main.js');

/**
 * Records every outgoing TCP connection of the processes it is preloaded into, so a suite can show
 * which services the gateway reached. Every client (pg, ioredis, kafkajs, undici) connects through
 * `net.Socket#connect`.
 */
const CONNECTION_RECORDER = `
const net = require('node:net');
const fs = require('node:fs');
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = typeof first === 'object' && first !== null ? first : { port: first, host: args[1] };
  if (options.port !== undefined) fs.appendFileSync(process.env.GATEHOUSE_TEST_CONNECTIONS, (options.host || 'localhost') + ':' + options.port + '\\n');
  return connect.apply(this, args);
};
`;

/** `npm start`'s entry point, run as a laptop with nothing but Node would run it. */
export interface NpmStart {
  url: string;
  /** Everything the launcher printed so far. */
  output(): string;
  /** host:port of every connection the launcher and the gateway opened. */
  connections(): string[];
  /** The standalone process the launcher started (its pid is in the data directory's pid file). */
  gatewayPid(): number;
  stop(): Promise<number | null>;
}

export interface NpmStartSetup {
  dir: string;
  dataDir: string;
  configPath: string;
  env: NodeJS.ProcessEnv;
}

/**
 * A directory for one gateway: its config, data directory, and an environment whose PATH holds Node
 * alone, with no setting for Postgres, Redis, Kafka or S3.
 */
export function npmStartSetup(config: string): NpmStartSetup {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-npm-start-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
  const configPath = join(dir, 'config.yaml');
  writeFileSync(configPath, config);
  const recorder = join(dir, 'record-connections.js');
  writeFileSync(recorder, CONNECTION_RECORDER);
  const dataDir = join(dir, 'data');
  const env: NodeJS.ProcessEnv = {
    PATH: bin,
    HOME: dir,
    GATEHOUSE_CONFIG: configPath,
    GATEHOUSE_DATA_DIR: dataDir,
    GATEHOUSE_MASTER_KEY: TEST_MASTER_KEY,
    GATEHOUSE_TEST_CONNECTIONS: join(dir, 'connections.log'),
    NODE_OPTIONS: `--require ${recorder}`,
    LOG_LEVEL: 'warn',
  };
  return { dir, dataDir, configPath, env };
}

/** Starts the launcher and resolves once it prints that the gateway is up. */
export async function npmStart(setup: NpmStartSetup, timeoutMs = 30_000): Promise<NpmStart> {
  const port = await freePort();
  const child = spawn(process.execPath, [LAUNCHER, 'standalone'], {
    cwd: setup.dir,
    env: { ...setup.env, GATEHOUSE_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await untilUp(child, () => output, timeoutMs);
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    connections: () => readLines(setup.env.GATEHOUSE_TEST_CONNECTIONS!),
    gatewayPid: () => Number(readFileSync(join(setup.dataDir, 'gatehouse.pid'), 'utf8').trim()),
    stop: () => stopProcess(child),
  };
}

function untilUp(child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (why?: string) => {
      clearTimeout(timer);
      clearInterval(poll);
      child.off('exit', onExit);
      if (why === undefined) return resolve();
      child.kill('SIGKILL');
      reject(new Error(`npm start ${why}; it printed:\n${output()}`));
    };
    const timer = setTimeout(() => settle('was not up in time'), timeoutMs);
    const poll = setInterval(() => {
      if (output().includes(' is up at ')) settle();
    }, 20);
    const onExit = (code: number | null) => settle(`exited (${code})`);
    child.once('exit', onExit);
  });
}

function stopProcess(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

function readLines(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/** A config whose models are served by the fake upstream at `upstreamBaseUrl` (…/v1). */
export function embeddedConfig(upstreamBaseUrl: string): string {
  return `
model_list:
  - model_name: gpt-4o-mini
    litellm_params:
      model: openai/gpt-4o-mini
      api_base: ${upstreamBaseUrl}
      api_key: ${FAKE_UPSTREAM_KEY}
    model_info:
      input_cost_per_token: 0.0000025
      output_cost_per_token: 0.00001
`;
}
