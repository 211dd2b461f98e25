import { common } from '@gatehouse/contracts';
import { admittedTicket, budget, request, scope, SHORT_LEASE_MS } from './contract/fixture';
import { openMemoryFixture } from './contract/memory-fixture';
import { AdmissionStoreUnavailable } from './limits-store';
import { DEFAULT_SWEEP_EVERY_MS } from './memory/keyspace';
import { minuteOf } from './redis-keys';
import { MIN_SETTLED_MARKER_MS, SPEND_MARGIN_MS, TOKEN_BUCKET_TTL_MS } from './settle-plan';

const START_MS = Date.UTC(2025, 0, 1, 12);

describe('MemoryAdmissionStore', () => {
  it('holds only live keys: after many requests and time passing, only a budget that never resets is left', async () => {
    const fixture = openMemoryFixture(START_MS);
    const [store] = fixture.replicas;
    const gpt4o: common.Limits = { rpm: 100_000, tpm: 0, maxParallel: 0 };
    const key = scope('key', { rpm: 100_000, tpm: 10_000_000, maxParallel: 10 }, { budget: budget(1e12, 3_600) });
    const team = scope('team', {}, { budget: budget(1e12), modelLimits: { 'gpt-4o': gpt4o } });
    const cycles = 2_000;
    let largest = 0;
    for (let i = 0; i < cycles; i += 1) {
      await fixture.elapse(500);
      const ticket = admittedTicket(await store.admit(request([key, team], fixture.now(), { leaseMs: 30_000 })));
      await store.settle(ticket, { costMicroUsd: 10, totalTokens: 5 }, fixture.now());
      largest = Math.max(largest, fixture.keyspace.size);
    }
    // About a minute of settled markers (their shortest life) plus a sweep interval, and a few counters.
    const markersAlive = (MIN_SETTLED_MARKER_MS + DEFAULT_SWEEP_EVERY_MS) / 500;
    expect(largest).toBeLessThan(markersAlive + 20);
    await fixture.elapse(3_600_000 + SPEND_MARGIN_MS + DEFAULT_SWEEP_EVERY_MS);
    expect(await store.currentSpend('team', team.id, 0)).toBe(cycles * 10);
    expect(fixture.keyspace.size).toBe(1);
  });

  it('forgets a request log a minute after its last admit', async () => {
    const fixture = openMemoryFixture(START_MS);
    const key = scope('key', { rpm: 5 });
    admittedTicket(await fixture.replicas[0].admit(request([key], fixture.now())));
    await fixture.elapse(60_000);
    expect(await fixture.probe.pttl(fixture.keys.requestLog(key))).toBe(0);
    await fixture.elapse(1);
    expect(await fixture.probe.pttl(fixture.keys.requestLog(key))).toBe(-2);
  });

  it('drops a TPM bucket three minutes after tokens were last added to it', async () => {
    const fixture = openMemoryFixture(START_MS);
    const key = scope('key', { tpm: 1_000 });
    const ticket = admittedTicket(await fixture.replicas[0].admit(request([key], fixture.now())));
    await fixture.replicas[1].settle(ticket, { costMicroUsd: 0, totalTokens: 300 }, fixture.now());
    const bucket = fixture.keys.tokens(key, minuteOf(fixture.now()));
    await fixture.elapse(TOKEN_BUCKET_TTL_MS);
    expect(await fixture.probe.get(bucket)).toBe('300');
    await fixture.elapse(1);
    expect(await fixture.probe.get(bucket)).toBeNull();
  });

  it('guards against a second settle only while the marker lives, as the Redis store does', async () => {
    const fixture = openMemoryFixture(START_MS);
    const [store] = fixture.replicas;
    const key = scope('key', {}, { budget: budget(1_000_000) });
    const ticket = admittedTicket(await store.admit(request([key], fixture.now(), { leaseMs: SHORT_LEASE_MS })));
    const usage = { costMicroUsd: 100, totalTokens: 0 };
    expect(await store.settle(ticket, usage, fixture.now())).toBe(true);
    await fixture.elapse(MIN_SETTLED_MARKER_MS);
    expect(await store.settle(ticket, usage, fixture.now())).toBe(false);
    await fixture.elapse(1);
    expect(await store.settle(ticket, usage, fixture.now())).toBe(true);
    expect(await store.currentSpend('key', key.id, 0)).toBe(200);
  });

  it('rejects with AdmissionStoreUnavailable naming the operation when a script fails, never throwing', async () => {
    const fixture = openMemoryFixture(START_MS);
    const [store] = fixture.replicas;
    const key = scope('key', { rpm: 5, maxParallel: 2 }, { budget: budget(1_000_000) });
    const ticket = admittedTicket(await store.admit(request([key], fixture.now())));
    fixture.keyspace.set(fixture.keys.requestLog(key), 'not a set');
    fixture.keyspace.set(fixture.keys.parallel(key), 'not a set');
    fixture.keyspace.hset(fixture.keys.spend('key', key.id, 0), 'not', 'a counter');
    const wrongType = 'WRONGTYPE Operation against a key holding the wrong kind of value';
    const failures: [string, Promise<unknown>][] = [
      ['admit', store.admit(request([key], fixture.now()))],
      ['settle', store.settle(ticket, { costMicroUsd: 1, totalTokens: 0 }, fixture.now())],
      ['currentSpend', store.currentSpend('key', key.id, 0)],
    ];
    for (const [operation, pending] of failures) {
      const error: unknown = await pending.catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(AdmissionStoreUnavailable);
      expect(error).toHaveProperty('message', `admission store: ${operation} failed: ${wrongType}`);
    }
  });
});
