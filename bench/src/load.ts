import autocannon from 'autocannon';
import { CpuUse, watchCpu } from './cpu';
import { requestHeaders, Scenario } from './scenarios';
import { Failures, Tally } from './tally';
import { Target } from './targets';

export interface Phase {
  connections: number;
  seconds: number;
}

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
}

export interface Measurement extends Phase {
  /** Responses that were 2xx and passed the body check. */
  ok: number;
  requestsPerSecond: number;
  /** Milliseconds to the last byte, from exact per-response times (autocannon's own histogram rounds to whole ms). */
  p50: number;
  p90: number;
  p99: number;
  /** Milliseconds to the first byte of the body: for a stream, its first chunk. */
  firstByte: Percentiles;
  failures: Failures;
  cpu: CpuUse;
}

const REQUEST_TIMEOUT_SECONDS = 10;

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

function percentiles(values: number[]): Percentiles {
  const sorted = Float64Array.from(values).sort();
  return { p50: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), p99: percentile(sorted, 0.99) };
}

/**
 * Times each response on one connection. autocannon's client emits 'request' just before it writes a
 * request, 'body' for each piece of the response body, then 'response' when the response is complete
 * (before the next 'request'), so the first 'body' after a 'request' is the first byte. Listening here,
 * in setupClient, runs before autocannon's own listeners, and so before verifyBody.
 */
function timeResponses(client: autocannon.Client, tally: Tally): void {
  let sentAt = 0;
  let firstByteAt: number | undefined;
  // @types/autocannon leaves out 'request', which autocannon's lib/httpClient.js emits before each write.
  const emitter: NodeJS.EventEmitter = client;
  emitter.on('request', () => {
    sentAt = performance.now();
    firstByteAt = undefined;
  });
  client.on('body', () => {
    firstByteAt ??= performance.now();
  });
  client.on('response', (status, _bytes, lastByteMs) =>
    tally.response({ status, lastByteMs, firstByteMs: (firstByteAt ?? Number.NaN) - sentAt }),
  );
}

function run(target: Target, scenario: Scenario, phase: Phase, tally: Tally): Promise<autocannon.Result> {
  return new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url: `${target.url}/v1/chat/completions`,
        method: 'POST',
        headers: requestHeaders(target),
        body: scenario.body,
        connections: phase.connections,
        duration: phase.seconds,
        timeout: REQUEST_TIMEOUT_SECONDS,
        setupClient: (client) => timeResponses(client, tally),
        verifyBody: (body) => tally.body(typeof body === 'string' ? body : String(body)),
      },
      (error: unknown, done) =>
        error
          ? reject(error instanceof Error ? error : new Error('autocannon failed', { cause: error }))
          : resolve(done),
    );
  });
}

/**
 * Drives the target with `connections` closed-loop clients for `seconds`. Every response's status is
 * counted and every 2xx body is checked; only good responses count toward latency and throughput.
 * `pids` are the target's processes, whose CPU use is reported one by one.
 */
export async function measure(
  target: Target,
  scenario: Scenario,
  phase: Phase,
  pids: ReadonlyMap<number, string> = new Map(),
): Promise<Measurement> {
  const tally = new Tally((body) => scenario.accepts(body));
  const cpuSince = watchCpu(pids);
  const result = await run(target, scenario, phase, tally);
  const cpu = cpuSince();
  if (result.mismatches !== tally.badBodies)
    throw new Error(`autocannon counted ${result.mismatches} bad bodies, the tally ${tally.badBodies}`);
  const unchecked = result['2xx'] + result.non2xx - tally.checked;
  if (unchecked < 0) throw new Error(`the tally checked ${-unchecked} more responses than autocannon counted`);
  const failures: Failures = {
    statuses: tally.statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: tally.badBodies,
    unchecked,
    ...(tally.errorSample === undefined ? {} : { errorSample: tally.errorSample }),
    ...(tally.badBodySample === undefined ? {} : { badBodySample: tally.badBodySample }),
  };
  return {
    ...phase,
    ok: tally.lastByteMs.length,
    requestsPerSecond: tally.lastByteMs.length / result.duration,
    ...percentiles(tally.lastByteMs),
    firstByte: percentiles(tally.firstByteMs),
    failures,
    cpu,
  };
}
