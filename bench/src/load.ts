import autocannon from 'autocannon';
import { CpuUse, watchCpu } from './cpu';
import { requestHeaders, Scenario } from './scenarios';
import { Target } from './targets';

export interface Phase {
  connections: number;
  seconds: number;
}

export interface Failures {
  /** Responses with a status other than 2xx, by status. */
  statuses: Record<string, number>;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  /** 2xx responses whose body failed the scenario's check. */
  mismatches: number;
  /** The first non-2xx body and the first rejected 2xx body, to say what went wrong. */
  errorSample?: string;
  badBodySample?: string;
}

export interface Measurement extends Phase {
  /** Responses that were 2xx and passed the body check. */
  ok: number;
  requestsPerSecond: number;
  /** Milliseconds, from exact per-response times (autocannon's own histogram rounds to whole ms). */
  p50: number;
  p90: number;
  p99: number;
  failures: Failures;
  cpu: CpuUse;
}

const REQUEST_TIMEOUT_SECONDS = 10;

export function failureCount(failures: Failures): number {
  const statuses = Object.values(failures.statuses).reduce((sum, count) => sum + count, 0);
  return statuses + failures.errors + failures.mismatches;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

/** Head and tail of a long body: what went wrong in a stream is usually at its end. */
function excerpt(body: string): string {
  return body.length <= 600 ? body : `${body.slice(0, 200)} … ${body.slice(-400)}`;
}

/**
 * Classifies each response once. For every response autocannon emits 'response' (status, time) and then,
 * synchronously, calls verifyBody with its body, so the two are paired here. A non-2xx is counted by
 * status (and passes verifyBody, so that autocannon's mismatches are bad 2xx bodies only).
 */
class Tally {
  readonly latencies: number[] = [];
  readonly statuses: Record<string, number> = {};
  badBodies = 0;
  errorSample: string | undefined;
  badBodySample: string | undefined;
  private last: { status: number; milliseconds: number } | undefined;

  constructor(private readonly accepts: (body: string) => boolean) {}

  response(status: number, milliseconds: number): void {
    this.last = { status, milliseconds };
  }

  body(text: string): boolean {
    const last = this.last;
    this.last = undefined;
    if (!last) throw new Error('autocannon checked a body without reporting its response first');
    if (last.status < 200 || last.status >= 300) {
      this.statuses[last.status] = (this.statuses[last.status] ?? 0) + 1;
      this.errorSample ??= excerpt(text);
      return true;
    }
    if (this.accepts(text)) {
      this.latencies.push(last.milliseconds);
      return true;
    }
    this.badBodies += 1;
    this.badBodySample ??= excerpt(text);
    return false;
  }
}

function run(target: Target, scenario: Scenario, phase: Phase, tally: Tally): Promise<autocannon.Result> {
  return new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${target.url}/v1/chat/completions`,
        method: 'POST',
        headers: requestHeaders(target),
        body: scenario.body,
        connections: phase.connections,
        duration: phase.seconds,
        timeout: REQUEST_TIMEOUT_SECONDS,
        verifyBody: (body) => tally.body(typeof body === 'string' ? body : String(body)),
      },
      (error: unknown, done) =>
        error
          ? reject(error instanceof Error ? error : new Error('autocannon failed', { cause: error }))
          : resolve(done),
    );
    instance.on('response', (_client, status, _bytes, milliseconds) => tally.response(status, milliseconds));
  });
}

/**
 * Drives the target with `connections` closed-loop clients for `seconds`. Every response's status is
 * counted and every 2xx body is checked; only good responses count toward latency and throughput.
 */
export async function measure(target: Target, scenario: Scenario, phase: Phase): Promise<Measurement> {
  const tally = new Tally((body) => scenario.accepts(body));
  const cpuSince = watchCpu();
  const result = await run(target, scenario, phase, tally);
  const cpu = cpuSince();
  if (result.mismatches !== tally.badBodies)
    throw new Error(`autocannon counted ${result.mismatches} bad bodies, the tally ${tally.badBodies}`);
  const failures: Failures = {
    statuses: tally.statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: tally.badBodies,
    ...(tally.errorSample === undefined ? {} : { errorSample: tally.errorSample }),
    ...(tally.badBodySample === undefined ? {} : { badBodySample: tally.badBodySample }),
  };
  const sorted = Float64Array.from(tally.latencies).sort();
  return {
    ...phase,
    ok: sorted.length,
    requestsPerSecond: sorted.length / result.duration,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    failures,
    cpu,
  };
}
