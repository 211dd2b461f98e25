import { parseArgs } from 'node:util';
import { SCENARIOS } from './scenarios';
import { Protocol } from './suite';
import { GROUPS } from './targets';

export const USAGE = `npm run bench -- [options]
  --runs N            whole benchmark repetitions (default 2)
  --warmup S          warm-up seconds per target and scenario (default 3)
  --low S             seconds at 1 connection (default 10)
  --load S            seconds at --connections (default 15)
  --connections N     connections for warm-up and throughput (default 50)
  --settle S          longest wait after a burst for background work to drain (default 10)
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

export type Options = ReturnType<typeof parseOptions>;

export function parseOptions() {
  const { values } = parseArgs({
    allowNegative: true,
    options: {
      runs: { type: 'string', default: '2' },
      warmup: { type: 'string', default: '3' },
      low: { type: 'string', default: '10' },
      load: { type: 'string', default: '15' },
      connections: { type: 'string', default: '50' },
      // The wait ends as soon as the processes are quiet (the log says after how long); at most ten
      // seconds keeps one run of all eight groups (26 target-scenario turns of at most 48 s) under 22 minutes.
      settle: { type: 'string', default: '10' },
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
