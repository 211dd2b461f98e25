import { Run } from './compare';
import { cpuMs, markdownTable, mib } from './format';
import { totalMiB } from './memory';
import { ScenarioResult } from './suite';

/** The target processes seen in the run (standalone, the six apps, portkey, proxy), in order of appearance. */
function processNames(results: ScenarioResult[]): string[] {
  return [...new Set(results.flatMap((result) => result.memory.map((entry) => entry.process)))];
}

/** One row per target with processes of its own (not the direct upstream) and scenario, one column per process. */
function perProcessTable(
  run: Run,
  extra: string[],
  cells: (result: ScenarioResult, names: string[]) => (number | undefined)[],
  format: (value: number | undefined) => string,
): string {
  const withProcesses = run.results.filter((result) => result.memory.length > 0);
  const names = processNames(withProcesses);
  const columns = [
    { title: 'Target' },
    { title: 'Scenario' },
    ...[...names, ...extra].map((title) => ({ title, numeric: true })),
  ];
  const rows = withProcesses.map((result) => [result.target, result.scenario, ...cells(result, names).map(format)]);
  return markdownTable(columns, rows);
}

/**
 * CPU time per good response in the full-load phase: cores × 1000 ÷ req/s. Postgres, Redis and Kafka are
 * one column, since they serve whoever uses them (on this machine, possibly other sessions too).
 */
export function cpuTable(run: Run): string {
  return perProcessTable(
    run,
    ['target total', 'Postgres/Redis/Kafka'],
    ({ load, memory }, names) => {
      const perRequest = (cores: number): number => (cores * 1000) / load.requestsPerSecond;
      // A process of the target's that exited during the phase has no figure: NaN, shown as n/a.
      const own = new Map(
        memory.map((entry) => [entry.process, perRequest(load.cpu.processes[entry.process] ?? Number.NaN)]),
      );
      const total = [...own.values()].reduce((sum, value) => sum + value, 0);
      return [...names.map((name) => own.get(name)), total, perRequest(load.cpu.services)];
    },
    cpuMs,
  );
}

export function memoryTable(run: Run): string {
  return perProcessTable(
    run,
    ['total'],
    ({ memory }, names) => [
      ...names.map((name) => memory.find((entry) => entry.process === name)?.rssMiB),
      totalMiB(memory),
    ],
    mib,
  );
}
