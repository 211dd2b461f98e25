import { settle } from './cpu';
import { failureCount, measure, Measurement } from './load';
import { Scenario, SCENARIOS, verifyScenario } from './scenarios';
import { RunningTargets, Target } from './targets';

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
  scenario: Scenario['name'];
  /** One connection: latency with no queueing. */
  low: Measurement;
  /** Many connections: throughput. */
  load: Measurement;
}

function describe(measurement: Measurement): string {
  const failures = failureCount(measurement.failures);
  return (
    `${measurement.connections} conn: ${measurement.requestsPerSecond.toFixed(0)} req/s, ` +
    `p50 ${measurement.p50.toFixed(3)} ms, p99 ${measurement.p99.toFixed(3)} ms; CPU cores: bench ` +
    `${measurement.cpu.bench.toFixed(2)}, services ${measurement.cpu.services.toFixed(2)}, other ${measurement.cpu.other.toFixed(2)}` +
    (failures ? `, ${failures} FAILED (${JSON.stringify(measurement.failures)})` : '')
  );
}

/** Verify, warm up, then measure at one connection and at `connections`, for one scenario. */
async function benchScenario(target: Target, scenario: Scenario, protocol: Protocol): Promise<ScenarioResult> {
  const log = (message: string): void => console.log(`  ${target.name} / ${scenario.name}: ${message}`);
  await verifyScenario(target, scenario);
  const warmup = await measure(target, scenario, {
    connections: protocol.connections,
    seconds: protocol.warmupSeconds,
  });
  if (failureCount(warmup.failures) > 0) throw new Error(`${target.name} failed while warming up: ${describe(warmup)}`);
  log(`warmed up (${describe(warmup)}); settled in ${(await settle(protocol.settleSeconds)).toFixed(0)} s`);
  const low = await measure(target, scenario, { connections: 1, seconds: protocol.lowSeconds });
  log(describe(low));
  const load = await measure(target, scenario, { connections: protocol.connections, seconds: protocol.loadSeconds });
  log(`${describe(load)}; settled in ${(await settle(protocol.settleSeconds)).toFixed(0)} s`);
  return { target: target.name, scenario: scenario.name, low, load };
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
      for (const scenario of scenarios) results.push(await benchScenario(target, scenario, protocol));
    }
    return results;
  } finally {
    await running.stop();
  }
}
