import { GatewayFailure } from '@gatehouse/errors';
import { TokenUsage } from '@gatehouse/providers-core';
import { FinishedCall } from './stats/routing-stats';

/** A try that answered, for the routing statistics. */
export function answered(latencyMs: number, usage: TokenUsage, timeToFirstTokenMs?: number): FinishedCall {
  return {
    latencyMs,
    timeToFirstTokenMs,
    completionTokens: usage.completionTokens,
    totalTokens: usage.totalTokens,
    ok: true,
  };
}

/** A try that failed; one that ran out of time counts against latency-based routing. */
export function failedAfter(latencyMs: number, failure: unknown): FinishedCall {
  const timedOut = failure instanceof GatewayFailure && failure.kind === 'timeout';
  return { latencyMs, completionTokens: 0, totalTokens: 0, ok: false, timedOut };
}
