import { failureCount, Measurement } from './load';
import { Scenario } from './scenarios';
import { Protocol, ScenarioResult } from './suite';

export const DIRECT = 'direct upstream';
const GATEHOUSE = /^Gatehouse/;
const PORTKEY = /^Portkey/;
export const OVERHEAD_TARGET_MS = 1;
export const THROUGHPUT_TARGET_RATIO = 2;
/** Foreign CPU use (cores) above which a phase is flagged as disturbed by someone else's work. */
export const DISTURBED_CORES = 0.1;

export interface Run {
  index: number;
  results: ScenarioResult[];
}

const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(3) : 'n/a');
const rps = (value: number): string => value.toFixed(0);

function failureText(measurement: Measurement): string {
  const count = failureCount(measurement.failures);
  if (count === 0) return '0';
  const { statuses, errors, timeouts, mismatches } = measurement.failures;
  const parts = [
    ...Object.entries(statuses).map(([status, n]) => `${n}× ${status}`),
    ...(errors ? [`${errors} errors (${timeouts} timeouts)`] : []),
    ...(mismatches ? [`${mismatches} bad bodies`] : []),
  ];
  return `**${count}**: ${parts.join(', ')}`;
}

/** The larger foreign CPU use of the two phases, in cores, flagged when it may have skewed them. */
function foreign(...phases: Measurement[]): string {
  const most = Math.max(...phases.map((phase) => phase.cpu.other));
  return most > DISTURBED_CORES ? `**${most.toFixed(2)}** ⚠` : most.toFixed(2);
}

export function resultsTable(run: Run, protocol: Protocol): string {
  const c = protocol.connections;
  const lines = [
    `| Target | Scenario | 1 conn p50 ms | p90 ms | p99 ms | ${c} conn req/s | p50 ms | p99 ms | failures | other CPU |`,
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
  ];
  for (const { target, scenario, low, load } of run.results) {
    const failures = [failureText(low), failureText(load)].filter((text) => text !== '0').join('; ') || '0';
    lines.push(
      `| ${target} | ${scenario} | ${ms(low.p50)} | ${ms(low.p90)} | ${ms(low.p99)} | ${rps(load.requestsPerSecond)} ` +
        `| ${ms(load.p50)} | ${ms(load.p99)} | ${failures} | ${foreign(low, load)} |`,
    );
  }
  return lines.join('\n');
}

export interface Derived {
  run: number;
  scenario: Scenario['name'];
  target: string;
  /** Gateway p50 − direct p50 at one connection, ms. */
  overheadMs?: number;
  /** Gatehouse req/s ÷ Portkey req/s at full load. */
  throughputRatio?: number;
}

/** Overhead for every gateway, and the throughput ratio for each Gatehouse target, per scenario. */
export function derive(run: Run): Derived[] {
  const derived: Derived[] = [];
  const scenarios = [...new Set(run.results.map((result) => result.scenario))];
  for (const scenario of scenarios) {
    const inScenario = run.results.filter((result) => result.scenario === scenario);
    const direct = inScenario.find((result) => result.target === DIRECT);
    const portkey = inScenario.find((result) => PORTKEY.test(result.target));
    for (const result of inScenario.filter((r) => r.target !== DIRECT)) {
      derived.push({
        run: run.index,
        scenario,
        target: result.target,
        ...(direct ? { overheadMs: result.low.p50 - direct.low.p50 } : {}),
        ...(portkey && GATEHOUSE.test(result.target)
          ? { throughputRatio: result.load.requestsPerSecond / portkey.load.requestsPerSecond }
          : {}),
      });
    }
  }
  return derived;
}

const spread = (values: number[], format: (value: number) => string): string =>
  values.length === 0 ? 'n/a' : values.map(format).join(' / ');

/** One line per gateway target and scenario: each run's value, and whether every run met the target. */
export function verdictTable(runs: Run[]): string {
  const derived = runs.flatMap(derive);
  const keys = [...new Set(derived.map((d) => `${d.target}\u0000${d.scenario}`))];
  const lines = [
    `| Gateway | Scenario | overhead at 1 conn, ms (run ${runs.map((r) => r.index).join(' / ')}) | < ${OVERHEAD_TARGET_MS} ms? ` +
      `| req/s ÷ Portkey | ≥ ${THROUGHPUT_TARGET_RATIO}×? |`,
    '| --- | --- | ---: | --- | ---: | --- |',
  ];
  for (const key of keys) {
    const [target, scenario] = key.split('\u0000');
    const rows = derived.filter((d) => d.target === target && d.scenario === scenario);
    const overheads = rows.flatMap((d) => (d.overheadMs === undefined ? [] : [d.overheadMs]));
    const ratios = rows.flatMap((d) => (d.throughputRatio === undefined ? [] : [d.throughputRatio]));
    const overheadMet = overheads.length ? (overheads.every((o) => o < OVERHEAD_TARGET_MS) ? 'met' : 'NOT met') : '';
    const isGatehouse = GATEHOUSE.test(target);
    const ratioMet =
      isGatehouse && ratios.length ? (ratios.every((r) => r >= THROUGHPUT_TARGET_RATIO) ? 'met' : 'NOT met') : '';
    lines.push(
      `| ${target} | ${scenario} | ${spread(overheads, ms)} | ${isGatehouse ? overheadMet : '(reference)'} ` +
        `| ${isGatehouse ? spread(ratios, (r) => `${r.toFixed(2)}×`) : ''} | ${ratioMet} |`,
    );
  }
  return lines.join('\n');
}

export function totalFailures(runs: Run[]): number {
  return runs
    .flatMap((run) => run.results)
    .reduce((sum, result) => sum + failureCount(result.low.failures) + failureCount(result.load.failures), 0);
}
