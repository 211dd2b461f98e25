import { DEFAULT_LATENCY_SAMPLES, DEFAULT_LATENCY_TTL_MS, LatencyWindow, LatencyWindowOptions } from './latency-window';
import { firstTokenSample, perTokenSample } from './latency-samples';
import { minuteOf } from './minute';
import { FinishedCall, MinuteUsage, NO_USAGE, RoutingStats } from './routing-stats';

export interface MemoryRoutingStatsOptions extends LatencyWindowOptions {
  readonly now?: () => number;
}

interface Deployment {
  inFlight: number;
  minute: number;
  requests: number;
  tokens: number;
  readonly perToken: LatencyWindow;
  readonly firstToken: LatencyWindow;
}

/** Exact statistics for one process: the standalone composition without Redis. */
export class MemoryRoutingStats extends RoutingStats {
  private readonly deployments = new Map<string, Deployment>();
  private readonly now: () => number;
  private readonly samples: number;
  private readonly ttlMs: number;

  constructor(options: MemoryRoutingStatsOptions = {}) {
    super();
    this.now = options.now ?? Date.now;
    this.samples = options.latencySamples ?? DEFAULT_LATENCY_SAMPLES;
    this.ttlMs = options.latencyTtlMs ?? DEFAULT_LATENCY_TTL_MS;
  }

  inFlight(deploymentId: string): number {
    return this.deployments.get(deploymentId)?.inFlight ?? 0;
  }

  latency(deploymentId: string, stream: boolean): number | undefined {
    const deployment = this.deployments.get(deploymentId);
    if (!deployment) return undefined;
    return (stream ? deployment.firstToken : deployment.perToken).average(this.now());
  }

  usage(deploymentId: string): MinuteUsage {
    const deployment = this.deployments.get(deploymentId);
    if (!deployment || deployment.minute !== minuteOf(this.now())) return NO_USAGE;
    return { requests: deployment.requests, tokens: deployment.tokens };
  }

  started(deploymentId: string): void {
    const deployment = this.current(deploymentId, this.now());
    deployment.inFlight += 1;
    deployment.requests += 1;
  }

  finished(deploymentId: string, call: FinishedCall): void {
    const now = this.now();
    const deployment = this.current(deploymentId, now);
    deployment.inFlight = Math.max(0, deployment.inFlight - 1);
    deployment.tokens += call.totalTokens;
    const perToken = perTokenSample(call);
    if (perToken !== undefined) deployment.perToken.add(perToken, now);
    const firstToken = firstTokenSample(call);
    if (firstToken !== undefined) deployment.firstToken.add(firstToken, now);
  }

  /** The deployment's record with its counters moved on to the minute of `now`. */
  private current(deploymentId: string, now: number): Deployment {
    const minute = minuteOf(now);
    let deployment = this.deployments.get(deploymentId);
    if (!deployment) {
      deployment = {
        inFlight: 0,
        minute,
        requests: 0,
        tokens: 0,
        perToken: new LatencyWindow(this.samples, this.ttlMs),
        firstToken: new LatencyWindow(this.samples, this.ttlMs),
      };
      this.deployments.set(deploymentId, deployment);
    } else if (deployment.minute !== minute) {
      deployment.minute = minute;
      deployment.requests = 0;
      deployment.tokens = 0;
    }
    return deployment;
  }
}
