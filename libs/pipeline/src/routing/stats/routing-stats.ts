/** One deployment's traffic in the current fixed minute (epoch ms / 60 000). */
export interface MinuteUsage {
  readonly requests: number;
  readonly tokens: number;
}

/** How a call to a deployment ended, as the routing statistics need it. */
export interface FinishedCall {
  /** From sending the request to the last byte of the reply. */
  readonly latencyMs: number;
  /** Streams only: from sending the request to the first content chunk. */
  readonly timeToFirstTokenMs?: number;
  readonly completionTokens: number;
  readonly totalTokens: number;
  readonly ok: boolean;
  /** A failure because the deployment took too long; latency-based routing is penalised for it. */
  readonly timedOut?: boolean;
}

/**
 * What routing strategies know of each deployment's traffic. Reads are synchronous and answer from
 * memory, because they run while a request waits; writes are fire-and-forget for the same reason.
 * Call `started` when a call is sent to a deployment and `finished` exactly once when it ends.
 */
export abstract class RoutingStats {
  /** Calls sent to the deployment and not yet finished. */
  abstract inFlight(deploymentId: string): number;

  /**
   * Average of the deployment's recent latency samples, undefined while it has none. For a streamed
   * call: time to first token in ms; otherwise ms per output token.
   */
  abstract latency(deploymentId: string, stream: boolean): number | undefined;

  /** Requests started and tokens finished in the current minute. */
  abstract usage(deploymentId: string): MinuteUsage;

  abstract started(deploymentId: string): void;

  abstract finished(deploymentId: string, call: FinishedCall): void;
}

export const NO_USAGE: MinuteUsage = Object.freeze({ requests: 0, tokens: 0 });
