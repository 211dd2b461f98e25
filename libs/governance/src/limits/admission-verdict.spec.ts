import { PlannedCheck } from './admission-plan';
import { verdictOf } from './admission-verdict';
import { AdmitRequest } from './types';

const MINUTE_START = 1_700_000_040_000; // a minute boundary
const NOW = MINUTE_START + 15_000;
const request: AdmitRequest = {
  requestId: 'r',
  model: 'gpt-4o',
  scopes: [],
  reservationMicroUsd: 50_000,
  leaseMs: 600_000,
  nowMs: NOW,
};

const rpm: PlannedCheck = { type: 'rpm', owner: { kind: 'key', id: 'k1' }, limit: 20 };
const tpm: PlannedCheck = { type: 'tpm', owner: { kind: 'team', id: 't1', model: 'gpt-4o' }, limit: 1000 };
const par: PlannedCheck = { type: 'par', owner: { kind: 'user', id: 'u1' }, limit: 3 };
const budget: PlannedCheck = {
  type: 'budget',
  owner: { kind: 'team', id: 't1' },
  limit: 10_000_000,
  windowStartMs: MINUTE_START,
  durationSeconds: 86_400,
};

function refused(checks: PlannedCheck[], reply: number[]) {
  const result = verdictOf(checks, reply, request, 'ticket-1');
  if (result.admitted) throw new Error('expected a refusal');
  return result;
}

describe('verdictOf', () => {
  it('admits with a ticket and the tightest quota when every check passed', () => {
    const result = verdictOf([rpm, tpm, budget], [1, 0, 4, NOW - 50_000, 0, 100, 0, 0, 2_000, 0], request, 'ticket-1');
    expect(result).toMatchObject({
      admitted: true,
      ticket: { id: 'ticket-1', requestId: 'r', tokenCounters: [tpm.owner] },
      quota: {
        requests: { limit: 20, remaining: 15, resetMs: 10_000 },
        tokens: { limit: 1000, remaining: 900, resetMs: 105_000 },
      },
    });
  });

  it('refuses an RPM overrun with a 429 that waits for the oldest request to leave the minute', () => {
    const { failure, quota } = refused([rpm], [0, 1, 20, NOW - 58_500]);
    expect(failure).toMatchObject({ kind: 'rate_limited', status: 429, details: { retryAfterSeconds: 2 } });
    expect(failure.message).toBe("rate limit exceeded for key 'k1': 20 requests per minute");
    expect(quota.requests).toEqual({ limit: 20, remaining: 0, resetMs: 1_500 });
  });

  it('names the model for a per-model TPM refusal', () => {
    const { failure } = refused([tpm], [0, 1, 1000, 0]);
    expect(failure.message).toBe("rate limit exceeded for team 't1' on model 'gpt-4o': 1000 tokens per minute");
    expect(failure.details.retryAfterSeconds).toBe(45);
  });

  it('asks a parallel refusal to retry in a second', () => {
    const { failure } = refused([par], [0, 1, 3, 0]);
    expect(failure.message).toBe("rate limit exceeded for user 'u1': 3 requests in parallel");
    expect(failure.details.retryAfterSeconds).toBe(1);
  });

  it('answers a spent budget with budget_exceeded (400), its spend and when it resets', () => {
    const { failure } = refused([budget], [0, 1, 10_000_000, 0]);
    expect(failure).toMatchObject({ kind: 'budget_exceeded', status: 400, details: {} });
    expect(failure.message).toBe(
      "Budget has been exceeded for team 't1': spend $10 of $10; it resets at 2023-11-15T22:14:00.000Z",
    );
  });

  it('says so when what is left is less than this request may cost', () => {
    const { failure } = refused([budget], [0, 1, 9_990_000, 0]);
    expect(failure.kind).toBe('budget_exceeded');
    expect(failure.message).toContain('spend $9.99 of $10 leaves less than this request may cost ($0.05)');
  });

  it('answers a budget held by requests in flight with a retryable 429', () => {
    const { failure } = refused([budget], [0, 2, 1_000_000, 9_000_000]);
    expect(failure).toMatchObject({ kind: 'rate_limited', details: { retryAfterSeconds: 1 } });
    expect(failure.message).toBe(
      "budget for team 't1' is held by requests in flight: spend $1 plus $9 reserved of $10; retry when they finish",
    );
  });

  it('lets a spent budget speak before an earlier rate limit, since retrying will not help', () => {
    expect(refused([rpm, budget], [0, 1, 20, NOW - 1, 1, 10_000_000, 0]).failure.kind).toBe('budget_exceeded');
    expect(refused([rpm, budget], [0, 1, 20, NOW - 1, 2, 0, 10_000_000]).failure.message).toContain('20 requests');
  });

  it('rejects a reply that does not match the checks', () => {
    expect(() => verdictOf([rpm], [1], request, 't')).toThrow('admit script replied 1 values for 1 checks');
    expect(() => verdictOf([rpm], [0, 0, 0, -1], request, 't')).toThrow('refused without a refusing check');
  });
});
