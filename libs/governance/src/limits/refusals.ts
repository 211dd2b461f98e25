import { GatewayFailure } from '@gatehouse/errors';
import { microUsdToDollars } from '../money';
import { PlannedCheck } from './admission-plan';
import { CheckReading, tokensRetryMs } from './quota';
import { MINUTE_MS } from './redis-keys';
import { CounterOwner } from './types';

type BudgetCheck = Extract<PlannedCheck, { type: 'budget' }>;

/** A parallel slot or a held budget frees when some request in flight ends: soon, but unknowable. */
const RETRY_SOON_MS = 1000;

/**
 * The failure a client sees for the check that refused it. Messages name the scope by kind and id
 * (ids are not secrets; credentials never reach this code) and the limit that was hit.
 */
export function refusalFor(reading: CheckReading, reservationMicroUsd: number, nowMs: number): GatewayFailure {
  const { check, first, second } = reading;
  switch (check.type) {
    case 'rpm':
      return rateLimited(check, `${check.limit} requests per minute`, second + MINUTE_MS - nowMs);
    case 'tpm':
      return rateLimited(check, `${check.limit} tokens per minute`, tokensRetryMs(first, second, check.limit, nowMs));
    case 'par':
      return rateLimited(check, `${check.limit} requests in parallel`, RETRY_SOON_MS);
    case 'budget':
      return reading.verdict === 2
        ? budgetHeld(check, first, second)
        : budgetExceeded(check, first, reservationMicroUsd);
  }
}

/** Whole seconds to wait, never less than one: `Retry-After: 0` invites a client to hammer. */
export function retryAfterSeconds(waitMs: number): number {
  return Math.max(Math.ceil(waitMs / 1000), 1);
}

function rateLimited(check: PlannedCheck, limit: string, waitMs: number): GatewayFailure {
  return new GatewayFailure('rate_limited', `rate limit exceeded for ${ownerLabel(check.owner)}: ${limit}`, {
    retryAfterSeconds: retryAfterSeconds(waitMs),
  });
}

/** LiteLLM answers a spent budget with a 400 `budget_exceeded`; clients moving over expect the same. */
function budgetExceeded(check: BudgetCheck, spent: number, reservationMicroUsd: number): GatewayFailure {
  const label = ownerLabel(check.owner);
  const resets = resetNote(check.windowStartMs, check.durationSeconds);
  const message =
    spent >= check.limit
      ? `Budget has been exceeded for ${label}: spend ${usd(spent)} of ${usd(check.limit)}${resets}`
      : `Budget has been exceeded for ${label}: spend ${usd(spent)} of ${usd(check.limit)} leaves less than ` +
        `this request may cost (${usd(reservationMicroUsd)})${resets}`;
  return new GatewayFailure('budget_exceeded', message);
}

/** The budget has room once requests in flight settle below their reservations, so this is a retry. */
function budgetHeld(check: BudgetCheck, spent: number, reserved: number): GatewayFailure {
  const message =
    `budget for ${ownerLabel(check.owner)} is held by requests in flight: spend ${usd(spent)} plus ` +
    `${usd(reserved)} reserved of ${usd(check.limit)}; retry when they finish`;
  return new GatewayFailure('rate_limited', message, { retryAfterSeconds: retryAfterSeconds(RETRY_SOON_MS) });
}

export function ownerLabel({ kind, id, model }: CounterOwner): string {
  return model === undefined ? `${kind} '${id}'` : `${kind} '${id}' on model '${model}'`;
}

function usd(microUsd: number): string {
  return `$${microUsdToDollars(microUsd)}`;
}

function resetNote(windowStartMs: number, durationSeconds: number): string {
  if (durationSeconds <= 0) return '';
  return `; it resets at ${new Date(windowStartMs + durationSeconds * 1000).toISOString()}`;
}
