import { PlannedCheck } from './admission-plan';
import { MINUTE_MS } from './redis-keys';
import { Quota, QuotaWindow } from './types';

/** What the admit script saw for one check (see the script for what `first` and `second` hold). */
export interface CheckReading {
  check: PlannedCheck;
  /** 0 pass, 1 over the limit, 2 budget held by reservations in flight */
  verdict: number;
  first: number;
  second: number;
}

/**
 * Tokens used in the sliding minute, approximated from two fixed-minute buckets: all of this
 * minute's plus the previous minute's weighted by how much of it the sliding window still covers.
 */
export function tokensUsed(current: number, previous: number, nowMs: number): number {
  return current + (previous * (MINUTE_MS - (nowMs % MINUTE_MS))) / MINUTE_MS;
}

/** Milliseconds until `tokensUsed` drops below `limit`, assuming no new tokens. */
export function tokensRetryMs(current: number, previous: number, limit: number, nowMs: number): number {
  const elapsed = nowMs % MINUTE_MS;
  if (current >= limit) {
    // This minute alone is over: wait for it to become the previous minute and fade enough.
    return MINUTE_MS - elapsed + Math.ceil(MINUTE_MS * (1 - limit / current));
  }
  const fadedEnough = previous > 0 ? MINUTE_MS * (1 - (limit - current) / previous) : 0;
  return Math.max(Math.ceil(fadedEnough - elapsed), 0);
}

/** Milliseconds until the sliding-minute token count is back to zero. */
export function tokensResetMs(current: number, previous: number, nowMs: number): number {
  const rest = MINUTE_MS - (nowMs % MINUTE_MS);
  if (current > 0) return rest + MINUTE_MS;
  return previous > 0 ? rest : 0;
}

/** The most constrained requests-per-minute and tokens-per-minute windows across every scope. */
export function quotaOf(readings: CheckReading[], admitted: boolean, nowMs: number): Quota {
  const requests: QuotaWindow[] = [];
  const tokens: QuotaWindow[] = [];
  for (const { check, first, second } of readings) {
    if (check.type === 'rpm') requests.push(requestWindow(check.limit, first, second, admitted, nowMs));
    if (check.type === 'tpm') {
      const remaining = Math.max(Math.floor(check.limit - tokensUsed(first, second, nowMs)), 0);
      tokens.push({ limit: check.limit, remaining, resetMs: tokensResetMs(first, second, nowMs) });
    }
  }
  const quota: Quota = {};
  const tightestRequests = tightest(requests);
  const tightestTokens = tightest(tokens);
  if (tightestRequests) quota.requests = tightestRequests;
  if (tightestTokens) quota.tokens = tightestTokens;
  return quota;
}

/** `count` entries in the log before this request; the oldest (-1 if none) leaves the window first. */
function requestWindow(limit: number, count: number, oldestMs: number, admitted: boolean, nowMs: number): QuotaWindow {
  const used = count + (admitted ? 1 : 0);
  const firstLeaves = oldestMs >= 0 ? oldestMs : admitted ? nowMs : undefined;
  const resetMs = firstLeaves === undefined ? 0 : Math.max(firstLeaves + MINUTE_MS - nowMs, 0);
  return { limit, remaining: Math.max(limit - used, 0), resetMs };
}

function tightest(windows: QuotaWindow[]): QuotaWindow | undefined {
  let best: QuotaWindow | undefined;
  for (const window of windows) {
    const tighter =
      !best ||
      window.remaining < best.remaining ||
      (window.remaining === best.remaining && window.resetMs > best.resetMs);
    if (tighter) best = window;
  }
  return best;
}
