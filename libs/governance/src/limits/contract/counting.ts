import { GatewayFailure } from '@gatehouse/errors';
import { randomUUID } from 'node:crypto';
import { LimitsStore } from '../limits-store';
import { AdmissionKeys } from '../redis-keys';
import {
  admittedTicket,
  budget,
  KeyProbe,
  LimitsStoreFixture,
  midMinute,
  OpenFixture,
  R,
  refusal,
  request,
  scope,
} from './fixture';

/** Limits and budgets counted exactly across replicas, refusals that leave no trace, settling once. */
export function describeCounting(open: OpenFixture): void {
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

  it('admits exactly the RPM limit across two replicas racing, and refuses the rest with a 429', async () => {
    const key = scope('key', { rpm: 20 });
    const now = fixture.now();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? replicaA : replicaB).admit(request([key], now + i))),
    );
    const admitted = results.filter((r) => r.admitted);
    expect(admitted).toHaveLength(20);
    // Each admission saw the count before it, so the remaining quota counts down without repeats.
    const remaining = admitted.map((r) => r.quota.requests?.remaining).sort((a = 0, b = 0) => a - b);
    expect(remaining).toEqual(Array.from({ length: 20 }, (_, i) => i));
    for (const refused of results.filter((r) => !r.admitted).map(refusal)) {
      expect(refused.status).toBe(429);
      expect(refused.message).toBe(`rate limit exceeded for key '${key.id}': 20 requests per minute`);
      expect(refused.details.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    }
    expect(await probe.zcard(keys.requestLog(key))).toBe(20);
  });

  it('never lets concurrent reservations overrun a budget, and settles within it', async () => {
    const key = scope('key', {}, { budget: budget(10 * R) });
    const now = fixture.now();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? replicaA : replicaB).admit(request([key], now))),
    );
    const tickets = results.filter((r) => r.admitted).map(admittedTicket);
    expect(tickets).toHaveLength(10);
    for (const refused of results.filter((r) => !r.admitted).map(refusal)) {
      expect(refused).toMatchObject({ kind: 'rate_limited', details: { retryAfterSeconds: 1 } });
      expect(refused.message).toContain('held by requests in flight');
    }
    const costs = tickets.map(() => Math.floor(Math.random() * (R + 1)));
    await Promise.all(tickets.map((t, i) => replicaA.settle(t, { costMicroUsd: costs[i], totalTokens: 0 })));
    const spent = await replicaB.currentSpend('key', key.id, 0);
    expect(spent).toBe(costs.reduce((sum, cost) => sum + cost, 0));
    expect(spent).toBeLessThanOrEqual(10 * R);
    expect(await probe.hget(keys.reservations('key', key.id), '~total')).toBe('0');
  });

  it('answers a spent budget with a 400 budget_exceeded naming the spend', async () => {
    const key = scope('key', {}, { budget: budget(3 * R) });
    let refused: GatewayFailure | undefined;
    for (let i = 0; i < 10 && !refused; i += 1) {
      const result = await replicaA.admit(request([key], fixture.now()));
      if (result.admitted) await replicaA.settle(result.ticket, { costMicroUsd: R, totalTokens: 0 });
      else refused = result.failure;
    }
    expect(refused?.status).toBe(400);
    expect(refused?.kind).toBe('budget_exceeded');
    expect(refused?.message).toBe(`Budget has been exceeded for key '${key.id}': spend $0.003 of $0.003`);
    expect(await replicaA.currentSpend('key', key.id, 0)).toBe(3 * R);
  });

  it('leaves no trace of a refused request in any scope', async () => {
    const key = scope('key', { rpm: 100 }, { budget: budget(100 * R) });
    const team = scope('team', { maxParallel: 1 });
    const now = fixture.now();
    admittedTicket(await replicaA.admit(request([key, team], now)));
    const failure = refusal(await replicaB.admit(request([key, team], now + 1)));
    expect(failure.message).toBe(`rate limit exceeded for team '${team.id}': 1 requests in parallel`);
    expect(await probe.zcard(keys.requestLog(key))).toBe(1);
    expect(await probe.zcard(keys.reservationExpiry('key', key.id))).toBe(1);
    expect(await probe.hget(keys.reservations('key', key.id), '~total')).toBe(String(R));
    expect(await probe.zcard(keys.parallel(team))).toBe(1);
  });

  it('holds max parallel, frees a slot on settle, and frees a never-settled slot after its lease', async () => {
    const key = scope('key', { maxParallel: 3 });
    const now = fixture.now();
    const tickets = [0, 1, 2].map(async (i) => admittedTicket(await replicaA.admit(request([key], now + i))));
    const [first] = await Promise.all(tickets);
    const fourth = refusal(await replicaB.admit(request([key], now + 3)));
    expect(fourth).toMatchObject({ kind: 'rate_limited', details: { retryAfterSeconds: 1 } });
    await replicaA.settle(first, { costMicroUsd: 0, totalTokens: 0 });
    admittedTicket(await replicaB.admit(request([key], now + 4)));

    const crashed = scope('key', { maxParallel: 1 });
    // Time is the requests' own clock; keys also expire in real time, so the lease stays well above the test's run time.
    admittedTicket(await replicaA.admit(request([crashed], now, { leaseMs: 2_000 })));
    refusal(await replicaA.admit(request([crashed], now + 1_000)));
    admittedTicket(await replicaB.admit(request([crashed], now + 2_001)));
  });

  it('lets a crashed request’s reservation lapse, yet charges it once if it settles late', async () => {
    const key = scope('key', {}, { budget: budget(10 * R) });
    const now = fixture.now();
    const crashing = request([key], now, { reservationMicroUsd: 10 * R, leaseMs: 2_000 });
    const crashed = admittedTicket(await replicaA.admit(crashing));
    expect(refusal(await replicaB.admit(request([key], now + 1_000))).kind).toBe('rate_limited');
    admittedTicket(await replicaB.admit(request([key], now + 2_001)));
    expect(await replicaA.settle(crashed, { costMicroUsd: 2 * R, totalTokens: 0 })).toBe(true);
    expect(await replicaA.currentSpend('key', key.id, 0)).toBe(2 * R);
    expect(await probe.hget(keys.reservations('key', key.id), '~total')).toBe(String(R));
  });

  it('starts each budget window afresh', async () => {
    const anchor = fixture.now();
    const key = scope('key', {}, { budget: budget(2 * R, 1, anchor) });
    const ticket = admittedTicket(await replicaA.admit(request([key], anchor + 100)));
    await replicaA.settle(ticket, { costMicroUsd: 2 * R, totalTokens: 0 }, anchor + 200);
    const spent = refusal(await replicaB.admit(request([key], anchor + 500)));
    expect(spent.kind).toBe('budget_exceeded');
    expect(spent.message).toContain(`resets at ${new Date(anchor + 1000).toISOString()}`);
    admittedTicket(await replicaB.admit(request([key], anchor + 1_100)));
    expect(await replicaA.currentSpend('key', key.id, anchor)).toBe(2 * R);
    expect(await replicaA.currentSpend('key', key.id, anchor + 1000)).toBe(0);
  });

  it('refuses once settled tokens reach the TPM limit, and lets the sliding minute fade them', async () => {
    const key = scope('key', { tpm: 1_000 });
    const now = midMinute(fixture.now());
    const ticket = admittedTicket(await replicaA.admit(request([key], now)));
    await replicaA.settle(ticket, { costMicroUsd: 0, totalTokens: 1_000 }, now);
    const refused = refusal(await replicaB.admit(request([key], now + 10)));
    expect(refused.message).toBe(`rate limit exceeded for key '${key.id}': 1000 tokens per minute`);
    // 59 s left in this minute, and the whole 1000 must fade below the limit in the next one.
    expect(refused.details.retryAfterSeconds).toBe(59);
    expect(refused.status).toBe(429);
    // A minute later the previous minute counts 59/60 of 1000 = 983.3 tokens: under the limit.
    const later = await replicaB.admit(request([key], now + 60_000));
    expect(later.admitted && later.quota.tokens).toEqual({ limit: 1000, remaining: 16, resetMs: 59_000 });
  });

  it('counts per-model limits apart from the scope and from other models', async () => {
    const key = scope('key', {}, { modelLimits: { 'gpt-4o': { rpm: 1, tpm: 0, maxParallel: 0 } } });
    const now = fixture.now();
    admittedTicket(await replicaA.admit(request([key], now)));
    const refused = refusal(await replicaB.admit(request([key], now + 1)));
    expect(refused.message).toBe(`rate limit exceeded for key '${key.id}' on model 'gpt-4o': 1 requests per minute`);
    admittedTicket(await replicaB.admit(request([key], now + 2, { model: 'gpt-4o-mini' })));
  });

  it('charges a ticket settled twice only once', async () => {
    const key = scope('key', { tpm: 10_000 }, { budget: budget(10 * R) });
    const now = midMinute(fixture.now());
    const ticket = admittedTicket(await replicaA.admit(request([key], now)));
    const usage = { costMicroUsd: 700, totalTokens: 40 };
    const settles = await Promise.all([replicaA.settle(ticket, usage, now), replicaB.settle(ticket, usage, now)]);
    expect(settles.sort()).toEqual([false, true]);
    expect(await replicaA.currentSpend('key', key.id, 0)).toBe(700);
    expect(await probe.get(keys.tokens(key, Math.floor(now / 60_000)))).toBe('40');
  });

  it('raises spend counters to the ledger totals but never lowers them', async () => {
    const id = `key-${randomUUID()}`;
    const windowStartMs = fixture.now();
    const entry = { kind: 'key', id, windowStartMs, durationSeconds: 3_600 };
    await replicaA.raiseSpend([{ ...entry, microUsd: 900 }]);
    await replicaB.raiseSpend([{ ...entry, microUsd: 500 }]);
    expect(await replicaA.currentSpend('key', id, windowStartMs)).toBe(900);
    const ttl = await probe.pttl(keys.spend('key', id, windowStartMs));
    expect(ttl).toBeGreaterThan(3_600_000);
    await replicaA.raiseSpend([{ kind: 'key', id, windowStartMs: 0, durationSeconds: 0, microUsd: 42 }]);
    expect(await probe.pttl(keys.spend('key', id, 0))).toBe(-1); // a budget that never resets keeps its total
    expect(await replicaB.currentSpend('key', id, 0)).toBe(42);
  });
}
