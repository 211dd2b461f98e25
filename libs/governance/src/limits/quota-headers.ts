import { Quota, QuotaWindow } from './types';

/**
 * OpenAI's rate-limit response headers for the most constrained scope; a dimension without a
 * limit is left out rather than sent as a made-up number.
 * https://platform.openai.com/docs/guides/rate-limits#rate-limits-in-headers
 */
export function quotaHeaders(quota: Quota): Record<string, string> {
  return { ...windowHeaders('requests', quota.requests), ...windowHeaders('tokens', quota.tokens) };
}

function windowHeaders(unit: 'requests' | 'tokens', window: QuotaWindow | undefined): Record<string, string> {
  if (!window) return {};
  return {
    [`x-ratelimit-limit-${unit}`]: String(window.limit),
    [`x-ratelimit-remaining-${unit}`]: String(window.remaining),
    [`x-ratelimit-reset-${unit}`]: formatResetDuration(window.resetMs),
  };
}

/** OpenAI's reset format (Go's duration style): `20ms`, `1s`, `1.5s`, `6m0s`, `1h2m3s`. */
export function formatResetDuration(ms: number): string {
  const total = Math.max(Math.ceil(ms), 0);
  if (total === 0) return '0s';
  if (total < 1000) return `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = `${(total % 60_000) / 1000}s`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  return minutes > 0 ? `${minutes}m${seconds}` : seconds;
}
