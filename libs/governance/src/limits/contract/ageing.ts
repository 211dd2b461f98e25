import { LimitsStore } from '../limits-store';
import { AdmissionKeys, minuteOf } from '../redis-keys';
import { MIN_SETTLED_MARKER_MS, SPEND_MARGIN_MS, TOKEN_BUCKET_TTL_MS } from '../settle-plan';
import {
  admittedTicket,
  budget,
  expectTtlNear,
  KeyProbe,
  LEASE_MS,
  LimitsStoreFixture,
  midMinute,
  OpenFixture,
  R,
  refusal,
  request,
  scope,
  SHORT_LEASE_MS,
} from './fixture';

/** How counters, leases and markers age: by the requests' clock, and as keys that expire. */
export function describeAgeing(open: OpenFixture): void {
  let fixture: LimitsStoreFixture;
  let replicaA: LimitsStore;
  let replicaB: LimitsStore;
  let keys: AdmissionKeys;
  let probe: KeyProbe;

  beforeEach(() => {
    fixture = open();
    ({ keys, probe } = fixture);
    [replicaA, replicaB] = fixture.replicas;
  });

  it('keeps an admitted request in the log for exactly a minute, and the log key no longer', async () => {
    const key = scope('key', { rpm: 1 });
    const now = fixture.now();
    admittedTicket(await replicaA.admit(request([key], now)));
    expectTtlNear(await probe.pttl(keys.requestLog(key)), 60_000);
    const refused = refusal(await replicaB.admit(request([key], now + 59_999)));
    expect(refused.details.retryAfterSeconds).toBe(1);
    const next = await replicaB.admit(request([key], now + 60_000));
    expect(next.admitted && next.quota.requests).toEqual({ limit: 1, remaining: 0, resetMs: 60_000 });
    expect(await probe.zcard(keys.requestLog(key))).toBe(1);
  });

  it('weighs a TPM bucket in the next minute, ignores it after, and lets it expire after three', async () => {
    const key = scope('key', { tpm: 1_000 });
    const now = midMinute(fixture.now());
    const ticket = admittedTicket(await replicaA.admit(request([key], now)));
    await replicaA.settle(ticket, { costMicroUsd: 0, totalTokens: 600 }, now);
    expectTtlNear(await probe.pttl(keys.tokens(key, minuteOf(now))), TOKEN_BUCKET_TTL_MS);
    // 59/60 of the minute before still counts: 590 of 600 tokens.
    const nextMinute = await replicaB.admit(request([key], now + 60_000));
    expect(nextMinute.admitted && nextMinute.quota.tokens).toEqual({ limit: 1000, remaining: 410, resetMs: 59_000 });
    const twoOn = await replicaB.admit(request([key], now + 120_000));
    expect(twoOn.admitted && twoOn.quota.tokens).toEqual({ limit: 1000, remaining: 1000, resetMs: 0 });
  });

  it('frees a never-settled parallel slot once its lease has run out in real time', async () => {
    const key = scope('key', { maxParallel: 1 });
    const start = fixture.now();
    admittedTicket(await replicaA.admit(request([key], start, { leaseMs: SHORT_LEASE_MS })));
    expectTtlNear(await probe.pttl(keys.parallel(key)), SHORT_LEASE_MS);
    refusal(await replicaB.admit(request([key], start + 1)));
    await fixture.elapse(SHORT_LEASE_MS + 50);
    expect(await probe.pttl(keys.parallel(key))).toBe(-2);
    const last = admittedTicket(await replicaB.admit(request([key], fixture.now())));
    expect(await probe.zcard(keys.parallel(key))).toBe(1);
    // Like any Redis set, the slots key goes with its last member.
    await replicaA.settle(last, { costMicroUsd: 0, totalTokens: 0 }, fixture.now());
    expect(await probe.pttl(keys.parallel(key))).toBe(-2);
  });

  it('drops a lapsed reservation at the next check, keeping the live ones', async () => {
    const key = scope('key', {}, { budget: budget(10 * R) });
    const now = fixture.now();
    const held = keys.reservations('key', key.id);
    const lapsing = admittedTicket(
      await replicaA.admit(request([key], now, { reservationMicroUsd: 4 * R, leaseMs: 2_000 })),
    );
    admittedTicket(await replicaB.admit(request([key], now + 1, { reservationMicroUsd: 4 * R })));
    const refused = refusal(await replicaA.admit(request([key], now + 2, { reservationMicroUsd: 4 * R })));
    expect(refused.message).toContain('held by requests in flight');
    admittedTicket(await replicaB.admit(request([key], now + 2_001, { reservationMicroUsd: 4 * R })));
    expect(await probe.hget(held, lapsing.id)).toBeNull();
    expect(await probe.hget(held, '~total')).toBe(String(8 * R));
    expect(await probe.zcard(keys.reservationExpiry('key', key.id))).toBe(2);
  });

  it('lets the keys of reservations nobody checks again expire with their lease', async () => {
    const key = scope('key', {}, { budget: budget(10 * R) });
    const held = keys.reservations('key', key.id);
    const heldUntil = keys.reservationExpiry('key', key.id);
    admittedTicket(await replicaA.admit(request([key], fixture.now(), { leaseMs: SHORT_LEASE_MS })));
    expectTtlNear(await probe.pttl(held), SHORT_LEASE_MS);
    expectTtlNear(await probe.pttl(heldUntil), SHORT_LEASE_MS);
    await fixture.elapse(SHORT_LEASE_MS + 50);
    expect([await probe.pttl(held), await probe.pttl(heldUntil)]).toEqual([-2, -2]);
    const last = admittedTicket(await replicaB.admit(request([key], fixture.now(), { reservationMicroUsd: 10 * R })));
    expect(await probe.hget(held, '~total')).toBe(String(10 * R));
    await replicaA.settle(last, { costMicroUsd: R, totalTokens: 0 }, fixture.now());
    // The hash keeps its total field (and its TTL); the emptied expiry set is deleted.
    expect(await probe.hget(held, '~total')).toBe('0');
    expectTtlNear(await probe.pttl(held), LEASE_MS);
    expect(await probe.pttl(heldUntil)).toBe(-2);
  });

  it('ignores every settle of a ticket after the first while its marker lives', async () => {
    const key = scope('key', { tpm: 10_000 }, { budget: budget(10 * R) });
    const now = midMinute(fixture.now());
    const ticket = admittedTicket(await replicaA.admit(request([key], now)));
    expect(await replicaA.settle(ticket, { costMicroUsd: 700, totalTokens: 40 }, now)).toBe(true);
    expect(await replicaB.settle(ticket, { costMicroUsd: 900, totalTokens: 90 }, now + 1_000)).toBe(false);
    expect(await replicaA.settle(ticket, { costMicroUsd: 900, totalTokens: 90 }, now + 2_000)).toBe(false);
    expect(await replicaB.currentSpend('key', key.id, 0)).toBe(700);
    expect(await probe.get(keys.tokens(key, minuteOf(now)))).toBe('40');
    expectTtlNear(await probe.pttl(keys.settled(ticket.id)), LEASE_MS);
    // A ticket with a short lease still keeps its marker for a minute.
    const brief = admittedTicket(await replicaA.admit(request([key], now + 10, { leaseMs: SHORT_LEASE_MS })));
    expect(await replicaB.settle(brief, { costMicroUsd: 1, totalTokens: 1 }, now + 10)).toBe(true);
    expectTtlNear(await probe.pttl(keys.settled(brief.id)), MIN_SETTLED_MARKER_MS);
  });

  it('raises a counter that settles charged without ever lowering it or shortening its life', async () => {
    const anchor = fixture.now();
    const key = scope('key', {}, { budget: budget(10 * R, 3_600, anchor) });
    const entry = { kind: 'key', id: key.id, windowStartMs: anchor, durationSeconds: 3_600 };
    const spend = keys.spend('key', key.id, anchor);
    const first = admittedTicket(await replicaA.admit(request([key], anchor)));
    await replicaA.settle(first, { costMicroUsd: 700, totalTokens: 0 }, anchor);
    await replicaB.raiseSpend([{ ...entry, microUsd: 500 }], anchor);
    expect(await replicaA.currentSpend('key', key.id, anchor)).toBe(700);
    await replicaB.raiseSpend([{ ...entry, microUsd: 900 }], anchor);
    const second = admittedTicket(await replicaA.admit(request([key], anchor + 1)));
    await replicaA.settle(second, { costMicroUsd: 100, totalTokens: 0 }, anchor + 1);
    expect(await replicaB.currentSpend('key', key.id, anchor)).toBe(1_000);
    // Later calls offer a shorter TTL (less of the window is left); the key keeps the longer one.
    await replicaB.raiseSpend([{ ...entry, microUsd: 300 }], anchor + 1_800_000);
    expect(await replicaA.currentSpend('key', key.id, anchor)).toBe(1_000);
    expectTtlNear(await probe.pttl(spend), 3_600_000 + SPEND_MARGIN_MS);
  });

  it('leaves out spend of a window that has already ended', async () => {
    const now = fixture.now();
    const ended = { kind: 'key', id: scope('key', {}).id, windowStartMs: now - 7_200_000, durationSeconds: 3_600 };
    await replicaA.raiseSpend([{ ...ended, microUsd: 5 * R }], now);
    expect(await replicaB.currentSpend('key', ended.id, ended.windowStartMs)).toBe(0);
    expect(await probe.pttl(keys.spend('key', ended.id, ended.windowStartMs))).toBe(-2);
  });
}
