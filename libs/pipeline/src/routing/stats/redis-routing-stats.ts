import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { DEFAULT_LATENCY_SAMPLES, DEFAULT_LATENCY_TTL_MS, LatencyWindow, LatencyWindowOptions } from './latency-window';
import { firstTokenSample, perTokenSample } from './latency-samples';
import { minuteOf } from './minute';
import { RoutingKeys } from './redis-routing-keys';
import { defineRoutingScripts, FlushedDeployment, FlushItem, flushCall, FlushSettings } from './redis-routing-script';
import { FinishedCall, MinuteUsage, NO_USAGE, RoutingStats } from './routing-stats';

export interface RedisRoutingStatsOptions extends LatencyWindowOptions {
  /** Each failed flush; the statistics carry on with this replica's own data. Rate-limit the logging. */
  readonly onError: (error: unknown) => void;
  /** Names this process in Redis; unique per process. */
  readonly replicaId?: string;
  readonly flushIntervalMs?: number;
  /** How long a replica's calls in flight still count after its last flush (a crashed replica's lapse). */
  readonly replicaTtlMs?: number;
  readonly now?: () => number;
}

const DEFAULT_FLUSH_INTERVAL_MS = 100;
const DEFAULT_REPLICA_TTL_MS = 5_000;

interface Deployment {
  inFlight: number;
  /** At other live replicas, as of the last flush. */
  othersInFlight: number;
  minute: number;
  /** Redis's totals for `minute` at the last flush, this replica's flushed part included. */
  sharedRequests: number;
  sharedTokens: number;
  /** This replica's counts for `minute` that Redis has not acknowledged yet. */
  pendingRequests: number;
  pendingTokens: number;
  pendingPerToken: number[];
  pendingFirstToken: number[];
  readonly perToken: LatencyWindow;
  readonly firstToken: LatencyWindow;
}

interface Sent extends FlushItem {
  readonly deployment: Deployment;
}

/**
 * Routing statistics shared by every replica through Redis, without a round trip on the request
 * path: reads answer from a local snapshot, writes add to local counts, and a timer flushes those
 * counts and refreshes the snapshot in one script run. Reads merge the shared totals with what this
 * replica has not flushed yet, so its own calls count at once and other replicas' within a flush.
 * Counts of a minute that ends before they are flushed are dropped: nobody reads a past minute.
 */
export class RedisRoutingStats extends RoutingStats {
  private readonly deployments = new Map<string, Deployment>();
  private readonly keys: RoutingKeys;
  private readonly settings: FlushSettings;
  private readonly onError: (error: unknown) => void;
  private readonly now: () => number;
  private readonly intervalMs: number;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private syncedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    options: RedisRoutingStatsOptions,
  ) {
    super();
    this.keys = new RoutingKeys(prefix);
    this.settings = {
      replicaId: options.replicaId ?? randomUUID(),
      replicaTtlMs: options.replicaTtlMs ?? DEFAULT_REPLICA_TTL_MS,
      latencySamples: options.latencySamples ?? DEFAULT_LATENCY_SAMPLES,
      latencyTtlMs: options.latencyTtlMs ?? DEFAULT_LATENCY_TTL_MS,
    };
    this.onError = options.onError;
    this.now = options.now ?? Date.now;
    this.intervalMs = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
    defineRoutingScripts(redis);
  }

  /** Flushes every `flushIntervalMs` until `close()`; the timer does not keep the process alive. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a flush under way; never rejects. Close before quitting the client. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flushing;
  }

  /** Sends local counts and refreshes the snapshot; joins a flush already under way; never rejects. */
  flush(): Promise<void> {
    this.flushing ??= this.sync().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  inFlight(deploymentId: string): number {
    const deployment = this.deployment(deploymentId);
    return deployment.inFlight + deployment.othersInFlight;
  }

  latency(deploymentId: string, stream: boolean): number | undefined {
    const deployment = this.deployment(deploymentId);
    return (stream ? deployment.firstToken : deployment.perToken).average(this.now());
  }

  usage(deploymentId: string): MinuteUsage {
    const deployment = this.current(deploymentId, this.now());
    const requests = deployment.sharedRequests + deployment.pendingRequests;
    const tokens = deployment.sharedTokens + deployment.pendingTokens;
    return requests === 0 && tokens === 0 ? NO_USAGE : { requests, tokens };
  }

  started(deploymentId: string): void {
    const deployment = this.current(deploymentId, this.now());
    deployment.inFlight += 1;
    deployment.pendingRequests += 1;
  }

  finished(deploymentId: string, call: FinishedCall): void {
    const now = this.now();
    const deployment = this.current(deploymentId, now);
    deployment.inFlight = Math.max(0, deployment.inFlight - 1);
    deployment.pendingTokens += call.totalTokens;
    const perToken = perTokenSample(call);
    if (perToken !== undefined) {
      deployment.perToken.add(perToken, now);
      this.queue(deployment.pendingPerToken, perToken);
    }
    const firstToken = firstTokenSample(call);
    if (firstToken !== undefined) {
      deployment.firstToken.add(firstToken, now);
      this.queue(deployment.pendingFirstToken, firstToken);
    }
  }

  private async sync(): Promise<void> {
    if (this.deployments.size === 0) return;
    const minute = minuteOf(this.now());
    const sent = this.take(minute);
    const call = flushCall(this.keys, this.settings, minute, sent);
    let reply: FlushedDeployment[];
    try {
      reply = await this.redis.gatehouseRoutingFlush(call.keys.length, ...call.keys, ...call.args);
    } catch (error) {
      this.keepUnsent(sent);
      this.onError(error);
      return;
    }
    this.apply(sent, minute, reply);
  }

  /** What each deployment has to send; latency samples leave the queue, counts stay until acknowledged. */
  private take(minute: number): Sent[] {
    const sent: Sent[] = [];
    for (const [deploymentId, deployment] of this.deployments) {
      this.roll(deployment, minute);
      sent.push({
        deployment,
        deploymentId,
        inFlight: deployment.inFlight,
        requests: deployment.pendingRequests,
        tokens: deployment.pendingTokens,
        perToken: deployment.pendingPerToken,
        firstToken: deployment.pendingFirstToken,
      });
      deployment.pendingPerToken = [];
      deployment.pendingFirstToken = [];
    }
    return sent;
  }

  private apply(sent: readonly Sent[], minute: number, reply: readonly FlushedDeployment[]): void {
    const now = this.now();
    reply.forEach(([othersInFlight, requests, tokens, perToken, firstToken], i) => {
      const { deployment } = sent[i];
      deployment.othersInFlight = othersInFlight;
      // A minute that ended during the round trip has already been reset; its totals are stale.
      if (deployment.minute === minute) {
        deployment.pendingRequests -= sent[i].requests;
        deployment.pendingTokens -= sent[i].tokens;
        deployment.sharedRequests = requests;
        deployment.sharedTokens = tokens;
      }
      refill(deployment.perToken, perToken, deployment.pendingPerToken, now);
      refill(deployment.firstToken, firstToken, deployment.pendingFirstToken, now);
    });
    this.syncedAt = now;
  }

  /** After a failed flush: samples go back in the queue; other replicas' calls stop counting once they would have lapsed. */
  private keepUnsent(sent: readonly Sent[]): void {
    const stale = this.now() - this.syncedAt >= this.settings.replicaTtlMs;
    for (const { deployment, perToken, firstToken } of sent) {
      deployment.pendingPerToken = [...perToken, ...deployment.pendingPerToken].slice(-this.settings.latencySamples);
      deployment.pendingFirstToken = [...firstToken, ...deployment.pendingFirstToken].slice(
        -this.settings.latencySamples,
      );
      if (stale) deployment.othersInFlight = 0;
    }
  }

  /** Only the newest window's worth of samples can matter once Redis trims the list. */
  private queue(samples: number[], sample: number): void {
    samples.push(sample);
    if (samples.length > this.settings.latencySamples) samples.shift();
  }

  /** A read registers the deployment too, so the next flush fetches what other replicas know of it. */
  private deployment(deploymentId: string): Deployment {
    let deployment = this.deployments.get(deploymentId);
    if (!deployment) {
      const { latencySamples, latencyTtlMs } = this.settings;
      deployment = {
        inFlight: 0,
        othersInFlight: 0,
        minute: minuteOf(this.now()),
        sharedRequests: 0,
        sharedTokens: 0,
        pendingRequests: 0,
        pendingTokens: 0,
        pendingPerToken: [],
        pendingFirstToken: [],
        perToken: new LatencyWindow(latencySamples, latencyTtlMs),
        firstToken: new LatencyWindow(latencySamples, latencyTtlMs),
      };
      this.deployments.set(deploymentId, deployment);
    }
    return deployment;
  }

  private current(deploymentId: string, now: number): Deployment {
    const deployment = this.deployment(deploymentId);
    this.roll(deployment, minuteOf(now));
    return deployment;
  }

  private roll(deployment: Deployment, minute: number): void {
    if (deployment.minute === minute) return;
    deployment.minute = minute;
    deployment.sharedRequests = 0;
    deployment.sharedTokens = 0;
    deployment.pendingRequests = 0;
    deployment.pendingTokens = 0;
  }
}

/** The window becomes Redis's samples (newest first) plus those recorded here since the flush began. */
function refill(window: LatencyWindow, shared: readonly string[], unsent: readonly number[], now: number): void {
  window.clear();
  for (let i = shared.length - 1; i >= 0; i -= 1) window.add(Number(shared[i]), now);
  for (const sample of unsent) window.add(sample, now);
}
