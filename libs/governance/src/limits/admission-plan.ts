import { common } from '@gatehouse/contracts';
import { windowStartMs } from '../budget-duration';
import { AdmissionKeys, minuteOf } from './redis-keys';
import { AdmissionTicket, AdmitRequest, CounterOwner } from './types';

/** One counter the admit script reads, and commits when every counter has room. */
export type PlannedCheck =
  | { type: 'rpm' | 'tpm' | 'par'; owner: CounterOwner; limit: number }
  | { type: 'budget'; owner: CounterOwner; limit: number; windowStartMs: number; durationSeconds: number };

export interface ScriptCall {
  keys: string[];
  args: (string | number)[];
}

/** Whether a scope asks for any counting at all; principals without such scopes never reach Redis. */
export function governs(scope: common.Scope): boolean {
  return scope.budget !== undefined || carriesLimits(scope);
}

/** Whether a scope has any RPM, TPM or parallel limit, for itself or for some model. */
export function carriesLimits(scope: common.Scope): boolean {
  return limited(scope.limits) || Object.values(scope.modelLimits).some(limited);
}

/** Every check the request's scopes call for, scope by scope; a limit of 0 means none. */
export function planChecks(request: AdmitRequest): PlannedCheck[] {
  return request.scopes.flatMap((scope) => {
    const owner = { kind: scope.kind, id: scope.id };
    const checks: PlannedCheck[] = [];
    if (scope.budget) {
      const { maxMicroUsd, durationSeconds, anchorUnixMs } = scope.budget;
      const start = windowStartMs(anchorUnixMs, durationSeconds, request.nowMs);
      checks.push({ type: 'budget', owner, limit: maxMicroUsd, windowStartMs: start, durationSeconds });
    }
    checks.push(...limitChecks(owner, scope.limits));
    const perModel = Object.hasOwn(scope.modelLimits, request.model) ? scope.modelLimits[request.model] : undefined;
    checks.push(...limitChecks({ ...owner, model: request.model }, perModel));
    return checks;
  });
}

/** KEYS and ARGV for the admit script, in the order the script reads them. */
export function admitCall(
  checks: PlannedCheck[],
  keys: AdmissionKeys,
  ticketId: string,
  request: AdmitRequest,
): ScriptCall {
  const call: ScriptCall = {
    keys: [],
    args: [
      request.nowMs,
      ticketId,
      wholeUnits(request.leaseMs),
      wholeUnits(request.reservationMicroUsd),
      checks.length,
    ],
  };
  const minute = minuteOf(request.nowMs);
  for (const check of checks) {
    call.args.push(check.type, check.limit);
    const { kind, id } = check.owner;
    switch (check.type) {
      case 'rpm':
        call.keys.push(keys.requestLog(check.owner));
        break;
      case 'tpm':
        call.keys.push(keys.tokens(check.owner, minute), keys.tokens(check.owner, minute - 1));
        break;
      case 'par':
        call.keys.push(keys.parallel(check.owner));
        break;
      case 'budget':
        call.keys.push(
          keys.spend(kind, id, check.windowStartMs),
          keys.reservations(kind, id),
          keys.reservationExpiry(kind, id),
        );
        break;
    }
  }
  return call;
}

/** What settle must release and charge for the counters this admit took. */
export function ticketFor(checks: PlannedCheck[], ticketId: string, request: AdmitRequest): AdmissionTicket {
  const ticket: AdmissionTicket = {
    id: ticketId,
    requestId: request.requestId,
    leaseMs: request.leaseMs,
    slots: [],
    tokenCounters: [],
    budgets: [],
  };
  for (const check of checks) {
    if (check.type === 'par') ticket.slots.push(check.owner);
    if (check.type === 'tpm') ticket.tokenCounters.push(check.owner);
    if (check.type === 'budget') {
      const { kind, id } = check.owner;
      ticket.budgets.push({ kind, id, windowStartMs: check.windowStartMs, durationSeconds: check.durationSeconds });
    }
  }
  return ticket;
}

/** Counters and TTLs are integers; a negative or fractional amount from a caller must not corrupt them. */
export function wholeUnits(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

function limited(limits: common.Limits | undefined): boolean {
  return limits !== undefined && (limits.rpm > 0 || limits.tpm > 0 || limits.maxParallel > 0);
}

function limitChecks(owner: CounterOwner, limits: common.Limits | undefined): PlannedCheck[] {
  if (!limits) return [];
  const checks: PlannedCheck[] = [];
  if (limits.rpm > 0) checks.push({ type: 'rpm', owner, limit: limits.rpm });
  if (limits.tpm > 0) checks.push({ type: 'tpm', owner, limit: limits.tpm });
  if (limits.maxParallel > 0) checks.push({ type: 'par', owner, limit: limits.maxParallel });
  return checks;
}
