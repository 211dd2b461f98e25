import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root, found from wherever this file was compiled to (dist/bench/src). */
function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'scripts', 'build.sh'))) return dir;
    if (dirname(dir) === dir) throw new Error(`bench: no repository root (scripts/build.sh) above ${from}`);
  }
}

export const REPO_ROOT = findRoot(__dirname);
export const DIST = join(REPO_ROOT, 'dist');
export const FAKE_UPSTREAM_MAIN = join(DIST, 'libs', 'testing', 'src', 'fake-upstream', 'main.js');
export const PORTKEY_PACKAGE = join(REPO_ROOT, 'node_modules', '@portkey-ai', 'gateway');
export const PORTKEY_SERVER = join(PORTKEY_PACKAGE, 'build', 'start-server.js');
/** bench/src/bare-proxy.ts, compiled beside this file by bench/run.sh. */
export const BARE_PROXY_MAIN = join(DIST, 'bench', 'src', 'bare-proxy.js');
export const BENCHMARKS_DOC = join(REPO_ROOT, 'docs', 'benchmarks.md');
