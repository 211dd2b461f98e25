/**
 * How latency is averaged, after LiteLLM's lowest-latency strategy
 * (litellm/router_strategy/lowest_latency.py, `routing_strategy_args`): the plain mean of a
 * deployment's last `samples` samples (`max_latency_list_size`, 10), forgotten `ttlMs` after the
 * newest (`ttl`, one hour) so that a deployment left idle that long is tried afresh. A window rather
 * than an EWMA, so that one timeout penalty weighs for exactly `samples` calls and then leaves.
 */
export interface LatencyWindowOptions {
  readonly latencySamples?: number;
  readonly latencyTtlMs?: number;
}

export const DEFAULT_LATENCY_SAMPLES = 10;
export const DEFAULT_LATENCY_TTL_MS = 3_600_000;

/** The last N samples of one series in a ring, with their mean kept for O(1) reads. */
export class LatencyWindow {
  private readonly samples: Float64Array;
  private next = 0;
  private count = 0;
  private mean = 0;
  private newestAt = Number.NEGATIVE_INFINITY;

  constructor(
    size: number,
    private readonly ttlMs: number,
  ) {
    this.samples = new Float64Array(size);
  }

  add(sample: number, atMs: number): void {
    if (atMs - this.newestAt >= this.ttlMs) this.clear(); // expired samples do not come back with a new one
    this.samples[this.next] = sample;
    this.next = (this.next + 1) % this.samples.length;
    this.count = Math.min(this.count + 1, this.samples.length);
    let sum = 0; // summed afresh rather than kept running, so rounding never drifts
    for (let i = 0; i < this.count; i += 1) sum += this.samples[i];
    this.mean = sum / this.count;
    this.newestAt = atMs;
  }

  clear(): void {
    this.next = 0;
    this.count = 0;
    this.newestAt = Number.NEGATIVE_INFINITY;
  }

  average(nowMs: number): number | undefined {
    return this.count > 0 && nowMs - this.newestAt < this.ttlMs ? this.mean : undefined;
  }
}
