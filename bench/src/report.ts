import { compare, Run } from './compare';
import { markdownTable, mib, ms, ratio, rps } from './format';
import { Measurement } from './load';
import { cpuTable, memoryTable } from './process-tables';
import { Protocol } from './suite';
import { failureCount } from './tally';

/** Foreign CPU use (cores) above which a phase is flagged as disturbed by someone else's work. */
export const DISTURBED_CORES = 0.1;

function failureText(measurement: Measurement): string {
  const count = failureCount(measurement.failures);
  if (count === 0) return '0';
  const { statuses, errors, timeouts, mismatches, unchecked } = measurement.failures;
  const parts = [
    ...Object.entries(statuses).map(([status, n]) => `${n}× ${status}`),
    ...(errors ? [`${errors} errors (${timeouts} timeouts)`] : []),
    ...(mismatches ? [`${mismatches} bad bodies`] : []),
    ...(unchecked ? [`${unchecked} unchecked`] : []),
  ];
  return `**${count}**: ${parts.join(', ')}`;
}

/** The larger foreign CPU use of the two phases, in cores, flagged when it may have skewed them. */
function foreign(...phases: Measurement[]): string {
  const most = Math.max(...phases.map((phase) => phase.cpu.other));
  return most > DISTURBED_CORES ? `**${most.toFixed(2)}** ⚠` : most.toFixed(2);
}

/** What was measured, as measured: percentiles at both loads. */
function measuredTable(run: Run, protocol: Protocol): string {
  const c = protocol.connections;
  const columns = [
    { title: 'Target' },
    { title: 'Scenario' },
    ...['1 conn p50 ms', 'p90 ms', 'p99 ms', 'first byte p50 ms', `${c} conn req/s`, 'p50 ms', 'p99 ms'].map(
      (title) => ({ title, numeric: true }),
    ),
    { title: 'other CPU', numeric: true },
  ];
  const rows = run.results.map(({ target, scenario, low, load }) => [
    target,
    scenario,
    ms(low.p50),
    ms(low.p90),
    ms(low.p99),
    ms(scenario === 'streaming' ? low.firstByte.p50 : undefined),
    rps(load.requestsPerSecond),
    ms(load.p50),
    ms(load.p99),
    foreign(low, load),
  ]);
  return markdownTable(columns, rows);
}

/** Every target side by side against the direct upstream and Portkey. */
function comparisonTable(run: Run, protocol: Protocol): string {
  const columns = [
    { title: 'Target' },
    { title: 'Scenario' },
    { title: 'overhead p50 ms, 1 conn', numeric: true },
    { title: `req/s, ${protocol.connections} conn`, numeric: true },
    { title: '÷ Portkey', numeric: true },
    { title: 'stream first-byte overhead p50 ms, 1 conn', numeric: true },
    { title: 'failures' },
    { title: 'RSS MiB', numeric: true },
  ];
  const comparisons = compare(run);
  const rows = run.results.map((result, i) => {
    const c = comparisons[i];
    const failures = [failureText(result.low), failureText(result.load)].filter((text) => text !== '0');
    return [
      c.target,
      c.scenario,
      ms(c.overheadMs),
      rps(c.requestsPerSecond),
      ratio(c.portkeyRatio),
      ms(c.firstByteOverheadMs),
      failures.join('; ') || '0',
      mib(c.rssMiB),
    ];
  });
  return markdownTable(columns, rows);
}

/** All of one run's tables, each under a heading of the given level. */
export function runTables(run: Run, protocol: Protocol, level = '####'): string {
  return [
    `${level} Side by side`,
    comparisonTable(run, protocol),
    `${level} Measured`,
    measuredTable(run, protocol),
    `${level} CPU ms per request at ${protocol.connections} connections, per process`,
    cpuTable(run),
    `${level} Resident memory (RSS) per process, MiB, after each scenario`,
    memoryTable(run),
  ].join('\n\n');
}
