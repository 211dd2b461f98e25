import { common } from '@gatehouse/contracts';
import { admitCall, carriesLimits, governs, planChecks, ticketFor, wholeUnits } from './admission-plan';
import { AdmissionKeys } from './redis-keys';
import { AdmitRequest } from './types';

const NOW = 1_700_000_010_000; // minute 28 333 333, 30 s in
const NONE = { rpm: 0, tpm: 0, maxParallel: 0 };

function scope(kind: string, id: string, extra: Partial<common.Scope> = {}): common.Scope {
  return { kind, id, limits: NONE, modelLimits: {}, ...extra };
}

function request(scopes: common.Scope[], extra: Partial<AdmitRequest> = {}): AdmitRequest {
  return { requestId: 'r', model: 'gpt-4o', scopes, reservationMicroUsd: 500, leaseMs: 60_000, nowMs: NOW, ...extra };
}

const key = scope('key', 'k1', {
  limits: { rpm: 20, tpm: 0, maxParallel: 2 },
  modelLimits: { 'gpt-4o': { rpm: 0, tpm: 900, maxParallel: 0 }, other: { rpm: 1, tpm: 0, maxParallel: 0 } },
});
const team = scope('team', 't1', { budget: { maxMicroUsd: 10_000, durationSeconds: 60, anchorUnixMs: 0 } });

describe('governs', () => {
  it('is false for scopes with only zero limits and no budget', () => {
    expect(governs(scope('key', 'k'))).toBe(false);
    expect(governs(scope('key', 'k', { limits: undefined }))).toBe(false);
    expect(governs(scope('key', 'k', { modelLimits: { m: NONE } }))).toBe(false);
  });

  it('is true for a budget, a limit, or a per-model limit', () => {
    expect(governs(team)).toBe(true);
    expect(carriesLimits(team)).toBe(false);
    expect(governs(scope('key', 'k', { limits: { ...NONE, maxParallel: 1 } }))).toBe(true);
    expect(carriesLimits(scope('key', 'k', { modelLimits: { m: { ...NONE, tpm: 5 } } }))).toBe(true);
  });
});

describe('planChecks', () => {
  it('plans each non-zero limit, the budget window containing now, and the requested model only', () => {
    expect(planChecks(request([key, team]))).toEqual([
      { type: 'rpm', owner: { kind: 'key', id: 'k1' }, limit: 20 },
      { type: 'par', owner: { kind: 'key', id: 'k1' }, limit: 2 },
      { type: 'tpm', owner: { kind: 'key', id: 'k1', model: 'gpt-4o' }, limit: 900 },
      {
        type: 'budget',
        owner: { kind: 'team', id: 't1' },
        limit: 10_000,
        windowStartMs: 1_699_999_980_000,
        durationSeconds: 60,
      },
    ]);
  });

  it('ignores model limits inherited from Object.prototype', () => {
    expect(planChecks(request([scope('key', 'k', {})], { model: 'constructor' }))).toEqual([]);
  });
});

describe('admitCall', () => {
  it('passes the keys and arguments in the order the script reads them', () => {
    const checks = planChecks(request([key, team]));
    const call = admitCall(checks, new AdmissionKeys('p:'), 'ticket-1', request([key, team]));
    expect(call.keys).toEqual([
      'p:rl:req:key:k1',
      'p:rl:par:key:k1',
      'p:rl:tok:key:k1@gpt-4o:28333333',
      'p:rl:tok:key:k1@gpt-4o:28333332',
      'p:budget:spend:team:t1:1699999980000',
      'p:budget:held:team:t1',
      'p:budget:held-until:team:t1',
    ]);
    expect(call.args).toEqual([NOW, 'ticket-1', 60_000, 500, 4, 'rpm', 20, 'par', 2, 'tpm', 900, 'budget', 10_000]);
  });

  it('never sends the script a fractional or negative amount', () => {
    const call = admitCall([], new AdmissionKeys('p:'), 't', request([], { reservationMicroUsd: -3, leaseMs: 1.6 }));
    expect(call.args.slice(2, 4)).toEqual([2, 0]);
  });
});

describe('ticketFor', () => {
  it('records the slots, token counters and budget windows that settle must touch', () => {
    const ticket = ticketFor(planChecks(request([key, team])), 'ticket-1', request([key, team]));
    expect(ticket).toEqual({
      id: 'ticket-1',
      requestId: 'r',
      leaseMs: 60_000,
      slots: [{ kind: 'key', id: 'k1' }],
      tokenCounters: [{ kind: 'key', id: 'k1', model: 'gpt-4o' }],
      budgets: [{ kind: 'team', id: 't1', windowStartMs: 1_699_999_980_000, durationSeconds: 60 }],
    });
  });
});

describe('wholeUnits', () => {
  it.each([
    [12.4, 12],
    [12.5, 13],
    [-1, 0],
    [Number.NaN, 0],
    [Number.POSITIVE_INFINITY, 0],
  ])('turns %p into %p', (value, expected) => {
    expect(wholeUnits(value)).toBe(expected);
  });
});
