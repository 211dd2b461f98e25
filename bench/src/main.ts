import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeResults, Report } from './docs';
import { BENCHMARKS_DOC } from './paths';
import { handleInterrupts } from './processes';
import { renderProfiles, summariseDirectory } from './profile';
import { resultsTable, Run, totalFailures, verdictTable } from './report';
import { SCENARIOS } from './scenarios';
import { benchGroup, Protocol, ScenarioResult } from './suite';
import { directTarget, RunningTargets, startGatehouse, startPortkey, startUpstream, Upstream } from './targets';
import { describeEnvironment } from './versions';

const GROUPS = ['direct', 'gatehouse', 'portkey'] as const;
type Group = (typeof GROUPS)[number];

const USAGE = `npm run bench -- [options]
  --runs N            whole benchmark repetitions (default 2)
  --warmup S          warm-up seconds per target and scenario (default 3)
  --low S             seconds at 1 connection (default 10)
  --load S            seconds at --connections (default 15)
  --connections N     connections for warm-up and throughput (default 50)
  --settle S          longest wait after a burst for background work to drain (default 30)
  --targets LIST      comma-separated subset of ${GROUPS.join(',')} (default all)
  --scenarios LIST    comma-separated subset of ${SCENARIOS.map((s) => s.name).join(',')} (default all)
  --no-write          print only; leave docs/benchmarks.md alone
  --profile           instead of measuring: CPU-profile each gateway under load and print where time goes`;

function positive(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got '${raw}'`);
  return value;
}

/** The names in a comma-separated list, each checked against the known ones. */
function pick(option: string, list: string, known: readonly string[]): string[] {
  const names = list.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length) throw new Error(`--${option}: unknown ${unknown.join(', ')}; known: ${known.join(', ')}`);
  return names;
}

function parseOptions() {
  const { values } = parseArgs({
    allowNegative: true,
    options: {
      runs: { type: 'string', default: '2' },
      warmup: { type: 'string', default: '3' },
      low: { type: 'string', default: '10' },
      load: { type: 'string', default: '15' },
      connections: { type: 'string', default: '50' },
      settle: { type: 'string', default: '30' },
      targets: { type: 'string', default: GROUPS.join(',') },
      scenarios: { type: 'string', default: SCENARIOS.map((s) => s.name).join(',') },
      write: { type: 'boolean', default: true },
      profile: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const groups = pick('targets', values.targets, GROUPS);
  const scenarios = pick(
    'scenarios',
    values.scenarios,
    SCENARIOS.map((s) => s.name),
  );
  const protocol: Protocol = {
    warmupSeconds: positive('warmup', values.warmup),
    lowSeconds: positive('low', values.low),
    loadSeconds: positive('load', values.load),
    connections: Math.round(positive('connections', values.connections)),
    settleSeconds: positive('settle', values.settle),
  };
  return {
    help: values.help,
    runs: Math.round(positive('runs', values.runs)),
    groups: GROUPS.filter((group) => groups.includes(group)),
    scenarios: SCENARIOS.filter((scenario) => scenarios.includes(scenario.name)),
    write: values.write,
    profile: values.profile,
    protocol,
  };
}

function starter(group: Group, upstream: Upstream, logDir: string, nodeOptions = ''): () => Promise<RunningTargets> {
  switch (group) {
    case 'direct':
      return () =>
        Promise.resolve({ targets: [directTarget(upstream)], pids: new Map(), stop: () => Promise.resolve() });
    case 'gatehouse':
      return () => startGatehouse(upstream, logDir, nodeOptions);
    case 'portkey':
      return () => startPortkey(upstream, logDir, nodeOptions);
  }
}

async function measureRuns(options: ReturnType<typeof parseOptions>, upstream: Upstream, logDir: string) {
  const runs: Run[] = [];
  for (let index = 1; index <= options.runs; index++) {
    console.log(`\nRun ${index} of ${options.runs}`);
    const results: ScenarioResult[] = [];
    for (const group of options.groups) {
      const dir = join(logDir, `run${index}`, group);
      mkdirSync(dir, { recursive: true });
      results.push(...(await benchGroup(starter(group, upstream, dir), options.protocol, options.scenarios)));
    }
    runs.push({ index, results });
    console.log(`\n${resultsTable(runs[runs.length - 1], options.protocol)}`);
  }
  return runs;
}

/**
 * Profiling distorts timings, so it is a separate mode: the same protocol on one target per gateway,
 * with start-up left out of the summary. Portkey does not exit on SIGTERM by itself, and --cpu-prof
 * writes only on a normal exit, so it gets a one-line handler preloaded.
 */
async function profileGateways(options: ReturnType<typeof parseOptions>, upstream: Upstream, logDir: string) {
  const sections: string[] = [];
  for (const group of options.groups.filter((g) => g !== 'direct')) {
    const dir = join(logDir, 'profile', group);
    mkdirSync(dir, { recursive: true });
    const exitOnTerm =
      group === 'portkey' ? ' --import=data:text/javascript,process.once(`SIGTERM`,()=>process.exit())' : '';
    const start = starter(group, upstream, dir, `--cpu-prof --cpu-prof-dir=${dir}${exitOnTerm}`);
    let pids = new Map<number, string>();
    let startUpMs = 0;
    await benchGroup(
      async () => {
        const since = Date.now();
        const running = await start();
        startUpMs = Date.now() - since;
        pids = running.pids;
        // The virtual key is the heavier Gatehouse path; one target per gateway keeps the profile readable.
        return { ...running, targets: running.targets.slice(-1) };
      },
      options.protocol,
      options.scenarios,
    );
    const title = `${group}: ${options.scenarios.map((s) => s.name).join(' + ')}, after ${(startUpMs / 1000).toFixed(1)} s start-up`;
    sections.push(renderProfiles(title, summariseDirectory(dir, pids, startUpMs)));
  }
  const text = sections.join('\n');
  writeFileSync(join(logDir, 'profile.md'), text);
  console.log(`\n${text}\nProfiles and this summary are in ${join(logDir, 'profile')}`);
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (options.help) return console.log(USAGE);
  const logDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
  console.log(`Logs in ${logDir}`);
  const startedAt = new Date();
  const upstream = await startUpstream(logDir);
  try {
    if (options.profile) return await profileGateways(options, upstream, logDir);
    const runs = await measureRuns(options, upstream, logDir);
    const report: Report = {
      environment: describeEnvironment(),
      protocol: options.protocol,
      command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
      startedAt,
      runs,
    };
    writeFileSync(join(logDir, 'results.json'), JSON.stringify(report, null, 2));
    console.log(`\n${verdictTable(runs)}\n\nRaw results: ${join(logDir, 'results.json')}`);
    if (options.write) {
      await writeResults(BENCHMARKS_DOC, report);
      console.log(`Wrote ${BENCHMARKS_DOC}`);
    }
    const failures = totalFailures(runs);
    if (failures > 0) {
      console.error(`${failures} requests failed: these numbers are not a result.`);
      process.exitCode = 1;
    }
  } finally {
    await upstream.stop();
  }
}

/** The whole story of a failure: AggregateError's parts and each cause, not only the top message. */
function explain(error: unknown, indent = ''): string {
  if (!(error instanceof Error)) return `${indent}${String(error)}`;
  const parts = error instanceof AggregateError ? (error.errors as unknown[]) : [];
  const cause = error.cause === undefined ? [] : [error.cause];
  return [`${indent}${error.message}`, ...[...parts, ...cause].map((inner) => explain(inner, `${indent}  `))].join(
    '\n',
  );
}

// kafkajs 2.2.4 schedules a negative timeout on Node 24, which only prints a warning (as in
// scripts/infra/infra.mjs): https://github.com/tulios/kafkajs/issues/1751
const [printWarning] = process.listeners('warning');
process.removeAllListeners('warning');
process.on('warning', (warning) => warning.name === 'TimeoutNegativeWarning' || printWarning?.(warning));

handleInterrupts();
main().catch((error: unknown) => {
  console.error(explain(error));
  process.exitCode = 1;
});
