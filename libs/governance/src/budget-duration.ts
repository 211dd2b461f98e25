/** LiteLLM's `budget_duration` units; `mo` is a fixed 30 days so every window has the same length. */
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400, w: 604_800, mo: 2_592_000 };
const DURATION = /^(\d{1,6})(s|m|h|d|w|mo)$/;

/** Seconds in a duration such as `30s`, `1h`, `1d`, `30d`, `1mo`; undefined when it is not one. */
export function parseBudgetDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2]];
  return seconds > 0 ? seconds : undefined;
}

/**
 * The start of the budget window that contains `nowMs`. Windows are back to back from the anchor
 * (when the budget was set), so every replica and the ledger agree without coordinating.
 */
export function windowStartMs(anchorMs: number, durationSeconds: number, nowMs: number): number {
  if (durationSeconds <= 0) return anchorMs;
  const length = durationSeconds * 1000;
  return anchorMs + Math.floor((nowMs - anchorMs) / length) * length;
}

/** When the window containing `nowMs` ends; undefined for a budget that never resets. */
export function windowEndMs(anchorMs: number, durationSeconds: number, nowMs: number): number | undefined {
  if (durationSeconds <= 0) return undefined;
  return windowStartMs(anchorMs, durationSeconds, nowMs) + durationSeconds * 1000;
}
