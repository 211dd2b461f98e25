import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Composition, COMPOSITIONS } from './apps';
import { launchGateway } from './launch';

/**
 * `npm start` (the standalone composition, one process) and `npm run start:services` (the six apps
 * as processes), built, against the local infrastructure (.env.infra). With the sample config it
 * also runs the fake upstream the sample points at. Ctrl-C stops everything this process started.
 */
const root = resolve(__dirname, '../../../..');

function readEnvFile(path: string): NodeJS.ProcessEnv {
  if (!existsSync(path)) return {};
  const pairs = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
    .map((line): [string, string] => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
  return Object.fromEntries(pairs);
}

function compositionFrom(argv: readonly string[]): Composition {
  const asked = argv[2] ?? 'standalone';
  const known = COMPOSITIONS.find((composition) => composition === asked);
  if (!known) throw new Error(`unknown composition '${asked}'; known: ${COMPOSITIONS.join(', ')}`);
  return known;
}

async function main(): Promise<void> {
  const composition = compositionFrom(process.argv);
  const env: NodeJS.ProcessEnv = { ...readEnvFile(join(root, '.env.infra')), ...process.env };
  const configPath = resolve(env.GATEHOUSE_CONFIG ?? 'config.yaml');
  env.GATEHOUSE_CONFIG = configPath;
  const sample = configPath === join(root, 'config.yaml');
  const upstream = sample
    ? spawn(process.execPath, [join(root, 'dist/libs/testing/src/fake-upstream/main.js')], {
        env: { ...env, FAKE_UPSTREAM_API_KEY: 'fake-upstream-key' },
        stdio: 'inherit',
      })
    : undefined;

  const gateway = await launchGateway({
    composition,
    distRoot: join(root, 'dist'),
    env,
    logDir: env.GATEHOUSE_LOG_DIR,
  });
  const processes = composition === 'standalone' ? 'one process' : `${gateway.apps.size} processes`;
  process.stdout.write(
    `\nGatehouse (${composition}, ${processes}) is up at ${gateway.url} (config ${configPath}).\n` +
      `Try: curl ${gateway.url}/v1/chat/completions -H "Authorization: Bearer ${sample ? 'sk-gatehouse-dev' : '<master key>'}" ` +
      `-H 'content-type: application/json' -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hello"}]}'\n` +
      'Ctrl-C stops it.\n\n',
  );

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    upstream?.kill('SIGTERM');
    gateway.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  for (const app of gateway.apps.values()) {
    app.child.on('exit', (code) => {
      if (stopping) return;
      process.stderr.write(`${app.options.app} exited (${code}); stopping the gateway\n`);
      stop();
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
