import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Composition, COMPOSITIONS } from './apps';
import { launchGateway } from './launch';

/**
 * `npm start` (the standalone composition, one process, on embedded backends unless the environment
 * names real ones) and `npm run start:services` (the six apps as processes, on the local
 * infrastructure that `.env.infra` describes). With the sample config it also runs the fake upstream
 * the sample points at. Ctrl-C stops everything this process started.
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
  const infra = composition === 'services' ? readEnvFile(join(root, '.env.infra')) : {};
  // Children write through pipes; they learn from here whether a person is reading.
  const format = process.stdout.isTTY ? 'pretty' : 'json';
  const env: NodeJS.ProcessEnv = { LOG_FORMAT: format, ...infra, ...process.env };
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
    `\nGatehouse (${composition}, ${processes}) is up at ${gateway.url}\n` +
      `  config    ${configPath}\n` +
      backendLines(gateway.apps.get('standalone')?.readyDetails ?? servicesBackends(env)) +
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

/** The backends the six apps use, from the environment they were given. */
function servicesBackends(env: NodeJS.ProcessEnv): Record<string, string> {
  return {
    database: 'Postgres',
    limits: 'Redis',
    events: `Kafka ${env.KAFKA_BROKERS ?? ''}`.trim(),
    archive: `S3 ${env.S3_ENDPOINT ?? ''}`.trim(),
  };
}

function backendLines(backends: Readonly<Record<string, string>>): string {
  return ['database', 'limits', 'events', 'archive', 'cache']
    .filter((name) => backends[name])
    .map((name) => `  ${name.padEnd(9)} ${backends[name]}\n`)
    .join('');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
