const MINUTE_MS = 60_000;

/** The fixed minute containing `nowMs`; usage counters start again from zero when it changes. */
export function minuteOf(nowMs: number): number {
  return Math.floor(nowMs / MINUTE_MS);
}
