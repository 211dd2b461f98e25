import { compare, Comparison, Run } from './compare';
import { markdownTable, mib, ms, ratio } from './format';
import { Scenario } from './scenarios';
import { Group } from './targets';

/** A target Gatehouse is held to, for every target of one group (master key and virtual key). */
interface Criterion {
  group: Group;
  what: string;
  bound: string;
  figure(comparison: Comparison): number | undefined;
  meets(value: number): boolean;
  format(value: number | undefined): string;
  /** Judged on the streaming scenario only. */
  streamsOnly?: true;
  /** Judged on targets measured against a baseline of their group (and only those). */
  againstBaseline?: true;
}

const overhead = (group: Group, limitMs: number): Criterion => ({
  group,
  what: 'overhead p50 at 1 connection',
  bound: `≤ ${limitMs} ms`,
  figure: (c) => c.overheadMs,
  meets: (value) => value <= limitMs,
  format: ms,
});

const throughput = (group: Group, times: number): Criterion => ({
  group,
  what: 'req/s under load ÷ Portkey',
  bound: `≥ ${times}×`,
  figure: (c) => c.portkeyRatio,
  meets: (value) => value >= times,
  format: ratio,
});

const firstByte = (group: Group, limitMs: number): Criterion => ({
  group,
  what: 'stream first-byte overhead p50 at 1 connection',
  bound: `≤ ${limitMs} ms`,
  figure: (c) => c.firstByteOverheadMs,
  meets: (value) => value <= limitMs,
  format: ms,
  streamsOnly: true,
});

/** The one-process bar, held by the standalone composition on either kind of backend. */
const oneProcess = (group: Group): Criterion[] => [
  overhead(group, 0.5),
  throughput(group, 2),
  firstByte(group, 1),
  {
    group,
    what: 'RSS after each scenario',
    bound: '≤ 150 MiB',
    figure: (c) => c.rssMiB,
    meets: (value) => value <= 150,
    format: mib,
  },
];

export const CRITERIA: Criterion[] = [
  ...oneProcess('embedded'),
  // The same process with routing and the cache on holds the same bar on latency and throughput.
  overhead('routed', 0.5),
  throughput('routed', 2),
  ...oneProcess('standalone'),
  overhead('services', 1.5),
  throughput('services', 1),
  firstByte('services', 2),
  {
    group: 'guarded',
    what: 'built-in filters on a 4 KB prompt, p50 at 1 connection over the same call without',
    bound: '≤ 0.2 ms',
    figure: (c) => c.overheadMs,
    meets: (value) => value <= 0.2,
    format: ms,
    againstBaseline: true,
  },
];

/** Met only if every figure it applies to, in every run, meets it; a figure that is missing fails it. */
function judge(values: (number | undefined)[], meets: (value: number) => boolean): string {
  if (values.every((value) => value === undefined)) return 'not measured';
  return values.every((value) => value !== undefined && Number.isFinite(value) && meets(value)) ? 'met' : '**NOT met**';
}

/**
 * One row per Gatehouse target and criterion, the figure of every run per scenario (run 1 / run 2 …),
 * then one row for failed or unchecked responses across every target and phase.
 */
export function verdictTable(runs: Run[]): string {
  const comparisons = runs.flatMap(compare);
  const scenarios = [...new Set(comparisons.map((c) => c.scenario))];
  const find = (run: Run, target: string, scenario: Scenario['name']): Comparison | undefined =>
    comparisons.find((c) => c.run === run.index && c.target === target && c.scenario === scenario);
  const rows: string[][] = [];
  for (const target of [...new Set(comparisons.map((c) => c.target))]) {
    const first = comparisons.find((c) => c.target === target);
    const baselined = first?.baseline !== undefined;
    for (const criterion of CRITERIA.filter((c) => c.group === first?.group && !!c.againstBaseline === baselined)) {
      const applies = (scenario: Scenario['name']): boolean => !criterion.streamsOnly || scenario === 'streaming';
      const figures = (scenario: Scenario['name']) =>
        runs.map((run) => {
          const comparison = find(run, target, scenario);
          return comparison && criterion.figure(comparison);
        });
      const cells = scenarios.map((s) => (applies(s) ? figures(s).map(criterion.format).join(' / ') : '—'));
      const judged = scenarios.filter(applies).flatMap(figures);
      rows.push([target, criterion.what, criterion.bound, ...cells, judge(judged, criterion.meets)]);
    }
  }
  const failures = (scenario: Scenario['name']) =>
    runs.map((run) =>
      comparisons.filter((c) => c.run === run.index && c.scenario === scenario).reduce((n, c) => n + c.failures, 0),
    );
  rows.push([
    'every target',
    'failed or unchecked responses, every phase',
    '= 0',
    ...scenarios.map((s) => failures(s).join(' / ')),
    judge(scenarios.flatMap(failures), (count) => count === 0),
  ]);
  const columns = [
    { title: 'Target' },
    { title: 'Criterion' },
    { title: 'Bound' },
    ...scenarios.map((s) => ({ title: `${s} (run ${runs.map((run) => run.index).join(' / ')})`, numeric: true })),
    { title: 'Met?' },
  ];
  return markdownTable(columns, rows);
}
