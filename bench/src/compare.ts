import { totalMiB } from './memory';
import { Scenario } from './scenarios';
import { ScenarioResult } from './suite';
import { failureCount } from './tally';
import { Group } from './targets';

export interface Run {
  index: number;
  results: ScenarioResult[];
}

/**
 * One target and scenario against the references of the same run and scenario. A figure that needs a
 * reference the run did not measure (no direct, no Portkey), or that does not apply, is undefined.
 */
export interface Comparison {
  run: number;
  target: string;
  group: Group;
  scenario: Scenario['name'];
  /** The target the overheads are measured from, when not the direct upstream. */
  baseline?: string;
  /** p50 at one connection minus direct's (or the baseline's), ms. */
  overheadMs?: number;
  requestsPerSecond: number;
  /** req/s at full load ÷ Portkey's. */
  portkeyRatio?: number;
  /** Streams only: time to first byte, p50 at one connection. */
  firstByteMs?: number;
  /** Streams only: that minus direct's, ms. */
  firstByteOverheadMs?: number;
  /** Failed or unchecked responses, both phases. */
  failures: number;
  /** The target's processes together, after the scenario (NaN if one was gone). */
  rssMiB?: number;
}

function compareOne(result: ScenarioResult, run: Run): Comparison {
  // A target asked its own prompt is compared with its baseline only: the others were asked another.
  const reference = (group: Group): ScenarioResult | undefined =>
    result.group === group || result.ownPrompt
      ? undefined
      : run.results.find((other) => other.group === group && other.scenario === result.scenario);
  const baseline =
    result.baseline === undefined
      ? undefined
      : run.results.find((other) => other.target === result.baseline && other.scenario === result.scenario);
  const direct = baseline ?? reference('direct');
  const portkey = reference('portkey');
  const streams = result.scenario === 'streaming';
  const firstByteMs = streams ? result.low.firstByte.p50 : undefined;
  return {
    run: run.index,
    target: result.target,
    group: result.group,
    scenario: result.scenario,
    ...(result.baseline === undefined ? {} : { baseline: result.baseline }),
    ...(direct ? { overheadMs: result.low.p50 - direct.low.p50 } : {}),
    requestsPerSecond: result.load.requestsPerSecond,
    ...(portkey && result.group !== 'direct'
      ? { portkeyRatio: result.load.requestsPerSecond / portkey.load.requestsPerSecond }
      : {}),
    ...(firstByteMs === undefined ? {} : { firstByteMs }),
    ...(firstByteMs !== undefined && direct ? { firstByteOverheadMs: firstByteMs - direct.low.firstByte.p50 } : {}),
    failures: failureCount(result.low.failures) + failureCount(result.load.failures),
    ...(result.memory.length ? { rssMiB: totalMiB(result.memory) } : {}),
  };
}

export function compare(run: Run): Comparison[] {
  return run.results.map((result) => compareOne(result, run));
}

export function totalFailures(runs: Run[]): number {
  return runs.flatMap(compare).reduce((sum, comparison) => sum + comparison.failures, 0);
}
