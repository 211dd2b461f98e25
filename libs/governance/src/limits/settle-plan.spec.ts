import { AdmissionKeys } from './redis-keys';
import { raiseSpendCall, settleCall, SPEND_MARGIN_MS, spendTtlMs, TOKEN_BUCKET_TTL_MS } from './settle-plan';
import { AdmissionTicket } from './types';

const keys = new AdmissionKeys('p:');
const NOW = 1_700_000_030_000;

const ticket: AdmissionTicket = {
  id: 'ticket-1',
  requestId: 'r',
  leaseMs: 600_000,
  slots: [{ kind: 'team', id: 't1' }],
  tokenCounters: [{ kind: 'key', id: 'k1' }],
  budgets: [{ kind: 'key', id: 'k1', windowStartMs: 1_700_000_000_000, durationSeconds: 60 }],
};

describe('settleCall', () => {
  it('frees the slot and reservation, charges the admit-time window and adds tokens to this minute', () => {
    const call = settleCall(keys, ticket, { costMicroUsd: 250.4, totalTokens: 42 }, NOW);
    expect(call.keys).toEqual([
      'p:settled:ticket-1',
      'p:rl:par:team:t1',
      'p:budget:held:key:k1',
      'p:budget:held-until:key:k1',
      'p:budget:spend:key:k1:1700000000000',
      'p:rl:tok:key:k1:28333333',
    ]);
    expect(call.args).toEqual([
      'ticket-1',
      600_000,
      4,
      ...['slot', 0, 0],
      ...['held', 0, 0],
      ...['add', 250, 30_000 + SPEND_MARGIN_MS],
      ...['add', 42, TOKEN_BUCKET_TTL_MS],
    ]);
  });

  it('keeps the settled marker at least a minute, whatever the lease', () => {
    const call = settleCall(keys, { ...ticket, leaseMs: 10 }, { costMicroUsd: 0, totalTokens: 0 }, NOW);
    expect(call.args[1]).toBe(60_000);
  });
});

describe('raiseSpendCall', () => {
  it('sends each live window with its TTL and leaves out windows that already ended', () => {
    const call = raiseSpendCall(
      keys,
      [
        { kind: 'team', id: 't1', windowStartMs: NOW - 10_000, durationSeconds: 60, microUsd: 900 },
        { kind: 'team', id: 't1', windowStartMs: NOW - 60_000, durationSeconds: 60, microUsd: 800 },
        { kind: 'user', id: 'u1', windowStartMs: 0, durationSeconds: 0, microUsd: 700 },
      ],
      NOW,
    );
    expect(call.keys).toEqual([`p:budget:spend:team:t1:${NOW - 10_000}`, 'p:budget:spend:user:u1:0']);
    expect(call.args).toEqual([900, 50_000 + SPEND_MARGIN_MS, 700, 0]);
  });
});

describe('spendTtlMs', () => {
  it('is 0 (no expiry) for a budget that never resets', () => {
    expect(spendTtlMs({ windowStartMs: 0, durationSeconds: 0 }, NOW)).toBe(0);
  });

  it('still gives a late settle of an ended window the margin', () => {
    expect(spendTtlMs({ windowStartMs: 0, durationSeconds: 1 }, NOW)).toBe(SPEND_MARGIN_MS);
  });
});
