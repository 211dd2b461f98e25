import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { unansweredServices } from './probes';
import { InfraBackend, InfraEndpoints } from './types';

const UP_SCRIPT = join('scripts', 'infra', 'infra.mjs');
const ENV_FILE = '.env.infra';

/**
 * The services `npm run infra:up` runs on loopback. If they are not all answering (or .env.infra is
 * missing) this runs the same `infra.mjs up` first, so a suite works even when nobody ran infra:up.
 * They are shared and outlive the suite: release() leaves them running.
 */
export async function startLocalInfra(): Promise<InfraBackend> {
  const root = repoRoot(__dirname);
  const known = readEnvFile(join(root, ENV_FILE));
  if (!known || (await unansweredServices(known)).length > 0) await runInfraUp(root);

  const endpoints = readEnvFile(join(root, ENV_FILE));
  if (!endpoints) throw new Error(`${UP_SCRIPT} up succeeded but wrote no usable ${ENV_FILE}`);
  const down = await unansweredServices(endpoints);
  if (down.length > 0) throw new Error(`local infra: ${down.join(', ')} not answering after ${UP_SCRIPT} up`);
  return { mode: 'local', endpoints, release: () => Promise.resolve() };
}

function repoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, UP_SCRIPT))) return dir;
    if (dirname(dir) === dir) throw new Error(`local infra: no ${UP_SCRIPT} above ${from}`);
  }
}

export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) values[match[1]] = match[2];
  }
  return values;
}

function readEnvFile(file: string): InfraEndpoints | undefined {
  if (!existsSync(file)) return undefined;
  const env = parseEnvFile(readFileSync(file, 'utf8'));
  const get = (key: string): string => {
    const value = env[key];
    if (!value) throw new Error(`local infra: ${file} has no ${key}; run npm run infra:up`);
    return value;
  };
  return {
    databaseUrl: get('DATABASE_URL'),
    redisUrl: get('REDIS_URL'),
    kafkaBrokers: get('KAFKA_BROKERS').split(','),
    s3: {
      endpoint: get('S3_ENDPOINT'),
      bucket: get('S3_BUCKET'),
      region: get('S3_REGION'),
      accessKeyId: get('AWS_ACCESS_KEY_ID'),
      secretAccessKey: get('AWS_SECRET_ACCESS_KEY'),
    },
  };
}

/** Runs `node scripts/infra/infra.mjs up` (it locks, so parallel workers do not race). */
function runInfraUp(root: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [UP_SCRIPT, 'up'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`local infra: ${UP_SCRIPT} up exited with ${code}:\n${output.trim()}`));
    });
  });
}
