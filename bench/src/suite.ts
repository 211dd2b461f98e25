import { settle } from './cpu';
import { measure, Measurement } from './load';
import { ProcessMemory, residentMemory } from './memory';
import { Scenario, scenarioFor, SCENARIOS, verifyScenario } from './scenarios';
import { failureCount } from './tally';
import { Group, RunningTargets, Target } from './targets';

export interface Protocol {
  warmupSeconds: number;
  lowSeconds: number;
  loadSeconds: number;
  connections: number;
  /** Longest wait, after a burst, for the queued background work (usage events) to drain. */
  settleSeconds: number;
}

export interface ScenarioResult {
  target: string;
  group: Group;
  scenario: Scenario['name'];
  /** Asked its own prompt: compared with its baseline only (see `Target`). */
  ownPrompt?: true;
  baseline?: string;
  /** One connection: latency with no queueing. */
  low: Measurement;
  /** Many connections: throughput. */
  load: Measurement;
  /** The target's processes once this scenario is done; after the last one, just before they are stopped. */
  memory: ProcessMemory[];
}

function describe(measurement: Measurement): string {
  const failures = failureCount(measurement.failures);
  return (
    `${measurement.connections} conn: ${measurement.requestsPerSecond.toFixed(0)} req/s, ` +
    `p50 ${measurement.p50.toFixed(3)} ms (first byte ${measurement.firstByte.p50.toFixed(3)}), ` +
    `p99 ${measurement.p99.toFixed(3)} ms; CPU cores: bench ${measurement.cpu.bench.toFixed(2)}, ` +
    `services ${measurement.cpu.services.toFixed(2)}, other ${measurement.cpu.other.toFixed(2)}` +
    (failures ? `, ${failures} FAILED (${JSON.stringify(measurement.failures)})` : '')
  );
}

/** Verify, warm up, then measure at one connection and at `connections`, for one scenario. */
async function benchScenario(
  target: Target,
  given: Scenario,
  protocol: Protocol,
  pids: ReadonlyMap<number, string>,
): Promise<ScenarioResult> {
  const scenario = scenarioFor(target, given);
  const log = (message: string): void => console.log(`  ${target.name} / ${scenario.name}: ${message}`);
  await verifyScenario(target, scenario);
  const warmup = await measure(target, scenario, {
    connections: protocol.connections,
    seconds: protocol.warmupSeconds,
  });
  if (failureCount(warmup.failures) > 0) throw new Error(`${target.name} failed while warming up: ${describe(warmup)}`);
  log(`warmed up (${describe(warmup)}); settled in ${(await settle(protocol.settleSeconds)).toFixed(0)} s`);
  const low = await measure(target, scenario, { connections: 1, seconds: protocol.lowSeconds }, pids);
  log(describe(low));
  const load = await measure(
    target,
    scenario,
    { connections: protocol.connections, seconds: protocol.loadSeconds },
    pids,
  );
  log(`${describe(load)}; settled in ${(await settle(protocol.settleSeconds)).toFixed(0)} s`);
  const memory = residentMemory(pids);
  if (memory.length) log(`RSS ${memory.map((m) => `${m.process} ${m.rssMiB.toFixed(1)} MiB`).join(', ')}`);
  const compared = { ...(target.prompt === undefined ? {} : { ownPrompt: true as const }), baseline: target.baseline };
  return { target: target.name, group: target.group, scenario: scenario.name, ...compared, low, load, memory };
}

/** Starts a group of targets, measures each in turn (never two at once), and stops the group. */
export async function benchGroup(
  start: () => Promise<RunningTargets>,
  protocol: Protocol,
  scenarios: Scenario[] = SCENARIOS,
): Promise<ScenarioResult[]> {
  const running = await start();
  try {
    const results: ScenarioResult[] = [];
    for (const target of running.targets) {
      for (const scenario of scenarios) results.push(await benchScenario(target, scenario, protocol, running.pids));
    }
    return results;
  } finally {
    await running.stop();
  }
}
