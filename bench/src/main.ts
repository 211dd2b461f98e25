import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Run, totalFailures } from './compare';
import { writeResults, Report } from './docs';
import { startGatehouse } from './gatehouse';
import { Options, parseOptions, USAGE } from './options';
import { BENCHMARKS_DOC } from './paths';
import { handleInterrupts } from './processes';
import { renderProfiles, summariseDirectory } from './profile';
import { runTables } from './report';
import { benchGroup, ScenarioResult } from './suite';
import { Group, RunningTargets, startBareProxy, startDirect, startPortkey, startUpstream, Upstream } from './targets';
import { verdictTable } from './verdict';
import { describeEnvironment } from './versions';

function starter(group: Group, upstream: Upstream, logDir: string, nodeOptions = ''): () => Promise<RunningTargets> {
  switch (group) {
    case 'direct':
      return () => startDirect(upstream);
    case 'embedded':
    case 'routed':
    case 'guarded':
    case 'standalone':
    case 'services':
      return () => startGatehouse(group, upstream, logDir, nodeOptions);
    case 'portkey':
      return () => startPortkey(upstream, logDir, nodeOptions);
    case 'proxy':
      return () => startBareProxy(upstream, logDir, nodeOptions);
  }
}

async function measureRuns(options: Options, upstream: Upstream, logDir: string): Promise<Run[]> {
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
    console.log(`\n${runTables(runs[runs.length - 1], options.protocol)}`);
  }
  return runs;
}

/**
 * Profiling distorts timings, so it is a separate mode: the same protocol on one target per gateway,
 * with start-up left out of the summary. Portkey does not exit on SIGTERM by itself, and --cpu-prof
 * writes only on a normal exit, so it gets a one-line handler preloaded (bare-proxy.ts has its own).
 */
async function profileGateways(options: Options, upstream: Upstream, logDir: string): Promise<void> {
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
