import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

/** The installed version of a dependency, read from its own package.json. */
export function packageVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
    version?: unknown;
  };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}

function gitDescribe(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'apps', 'libs'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    return dirty.trim() ? `${commit} (with uncommitted changes in apps/ or libs/)` : commit;
  } catch {
    return 'unknown (no git)';
  }
}

export interface Environment {
  cpu: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  gatehouse: string;
  portkey: string;
  honoNodeServer: string;
  autocannon: string;
}

export function describeEnvironment(): Environment {
  const cpuList = cpus();
  return {
    cpu: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: `${type()} ${release()}`,
    node: process.version,
    gatehouse: gitDescribe(),
    portkey: packageVersion('@portkey-ai/gateway'),
    honoNodeServer: packageVersion('@hono/node-server'),
    autocannon: packageVersion('autocannon'),
  };
}
