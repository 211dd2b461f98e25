import { common } from '@gatehouse/contracts';
import { Infra, startInfra } from '@gatehouse/testing';
import Redis from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { ScriptCall } from './admission-plan';
import { AdmissionStore } from './admission-store';
import { describeLimitsStoreContract, KeyProbe } from './contract/limits-store.contract';
import { keyspaceProbe, openMemoryFixture } from './contract/memory-fixture';
import { LimitsStore } from './limits-store';
import { MemoryKeyspace } from './memory/keyspace';
import { admitScript, settleScript } from './memory/scripts';
import { MemoryAdmissionStore } from './memory-admission-store';
import { AdmissionKeys } from './redis-keys';
import { defineAdmissionScripts } from './scripts';
import { AdmissionTicket, AdmitResult } from './types';

let infra: Infra;
let clients: Redis[];

beforeAll(async () => {
  infra = await startInfra();
  clients = [new Redis(infra.redisUrl), new Redis(infra.redisUrl)];
  clients.forEach(defineAdmissionScripts);
});

afterAll(async () => {
  clients.forEach((client) => client.disconnect());
  await infra.stop();
});

describeLimitsStoreContract('AdmissionStore against real Redis', () => {
  const prefix = infra.keyPrefix();
  // Two clients and two stores over one Redis: two edge-api replicas.
  return {
    replicas: [new AdmissionStore(clients[0], prefix), new AdmissionStore(clients[1], prefix)],
    keys: new AdmissionKeys(prefix),
    probe: clients[0],
    now: Date.now,
    elapse: (ms) => sleep(ms),
  };
});

describeLimitsStoreContract('MemoryAdmissionStore in process', () => openMemoryFixture());

describe('the admission scripts in Redis and in process', () => {
  it('fail alike on an unknown check or operation, keeping what ran before', async () => {
    const prefix = infra.keyPrefix();
    const keyspace = new MemoryKeyspace();
    const admit: ScriptCall = { keys: [`${prefix}log`], args: [1, 't', 0, 0, 1, 'bogus', 1] };
    const settle: ScriptCall = { keys: [`${prefix}marker`, `${prefix}x`], args: ['t', 60_000, 1, 'bogus', 0, 0] };
    const inRedis = [
      await rejection(clients[0].gatehouseAdmit(admit.keys.length, ...admit.keys, ...admit.args)),
      await rejection(clients[0].gatehouseSettle(settle.keys.length, ...settle.keys, ...settle.args)),
    ];
    const inProcess = [thrown(() => admitScript(keyspace, admit)), thrown(() => settleScript(keyspace, settle))];
    expect(inProcess).toEqual(['unknown admission check bogus', 'unknown settle operation bogus']);
    expect(inRedis).toEqual(inProcess);
    // The settled marker was set before the unknown operation was reached, and stays set in both.
    expect(await clients[0].exists(settle.keys[0])).toBe(1);
    expect(keyspace.get(settle.keys[0])).toBe('1');
  });

  it('answer the same sequence of admits, settles and raises with the same results and counters', async () => {
    const prefix = infra.keyPrefix();
    const keyspace = new MemoryKeyspace();
    const bindings: { store: LimitsStore; keys: AdmissionKeys; probe: KeyProbe }[] = [
      {
        store: new AdmissionStore(clients[0], prefix, ticketIds()),
        keys: new AdmissionKeys(prefix),
        probe: clients[0],
      },
      {
        store: new MemoryAdmissionStore(keyspace, ticketIds()),
        keys: new AdmissionKeys(''),
        probe: keyspaceProbe(keyspace),
      },
    ];
    const scopes = differentialScopes(prefix);
    const random = seeded(7);
    // A fixed start, so the sequence is the same every run (where each step falls within its minute and
    // budget window decides refusals) and reaches every refusal. Only the scripts read this clock.
    let now = Date.UTC(2026, 0, 1, 0, 0, 20);
    const tickets: AdmissionTicket[] = [];
    // What the sequence went through, so that it cannot pass by never reaching a refusal or a repeat.
    const seen = new Set<string>();
    for (let step = 0; step < 300; step += 1) {
      now += Math.floor(random() * 4_000);
      const roll = random();
      if (roll < 0.6 || tickets.length === 0) {
        const request = {
          requestId: `r${step}`,
          model: random() < 0.5 ? 'gpt-4o' : 'gpt-4o-mini',
          scopes: scopes.filter(() => random() < 0.7),
          reservationMicroUsd: Math.floor(random() * 2_500),
          // Leases lapse by the requests' clock only: a real-time expiry would race between the two.
          leaseMs: 60_000 + Math.floor(random() * 120_000),
          nowMs: now,
        };
        const [fromRedis, fromMemory] = await Promise.all(bindings.map((b) => b.store.admit(request)));
        expect(outcome(fromMemory)).toEqual(outcome(fromRedis));
        if (fromRedis.admitted) tickets.push(fromRedis.ticket);
        seen.add(fromRedis.admitted ? 'admitted' : refusalKind(fromRedis.failure.message));
      } else if (roll < 0.95) {
        const ticket = tickets[Math.floor(random() * tickets.length)];
        const usage = { costMicroUsd: Math.floor(random() * 3_000), totalTokens: Math.floor(random() * 400) };
        const settled = await Promise.all(bindings.map((b) => b.store.settle(ticket, usage, now)));
        expect(settled[1]).toBe(settled[0]);
        seen.add(settled[0] ? 'settled' : 'settled again');
      } else {
        const entry = { kind: 'team', id: scopes[1].id, windowStartMs: 0, durationSeconds: 0 };
        const raise = [{ ...entry, microUsd: Math.floor(random() * 20_000) }];
        await Promise.all(bindings.map((b) => b.store.raiseSpend(raise, now)));
      }
    }
    expect([...seen].sort()).toEqual(['admitted', ...REFUSALS, 'settled', 'settled again'].sort());
    const [inRedis, inProcess] = await Promise.all(bindings.map((b) => counters(b, scopes, now)));
    expect(inProcess).toEqual(inRedis);
  });
});

function differentialScopes(prefix: string): common.Scope[] {
  const limits = (rpm: number, tpm: number, maxParallel: number): common.Limits => ({ rpm, tpm, maxParallel });
  return [
    { kind: 'key', id: `${prefix}k`, limits: limits(6, 0, 3), modelLimits: { 'gpt-4o': limits(0, 900, 0) } },
    {
      kind: 'team',
      id: `${prefix}t`,
      limits: limits(0, 0, 4),
      modelLimits: {},
      budget: { maxMicroUsd: 15_000, durationSeconds: 0, anchorUnixMs: 0 },
    },
    {
      kind: 'user',
      id: `${prefix}u`,
      limits: limits(10, 2_000, 0),
      modelLimits: {},
      budget: { maxMicroUsd: 6_000, durationSeconds: 90, anchorUnixMs: 0 },
    },
  ];
}

const REFUSALS = [
  'requests per minute',
  'tokens per minute',
  'requests in parallel',
  'Budget has been exceeded',
  'held by requests in flight',
];

function refusalKind(message: string): string {
  return REFUSALS.find((kind) => message.includes(kind)) ?? message;
}

/** What a client can tell apart in an admit result. */
function outcome(result: AdmitResult): unknown {
  if (result.admitted) return result;
  const { kind, status, message, details } = result.failure;
  return { admitted: false, quota: result.quota, failure: { kind, status, message, details } };
}

/** Every counter the sequence touched, read the same way from either binding. */
async function counters(
  { keys, probe }: { keys: AdmissionKeys; probe: KeyProbe },
  scopes: common.Scope[],
  nowMs: number,
): Promise<unknown[]> {
  const reads: Promise<unknown>[] = [];
  for (const { kind, id } of scopes) {
    for (const owner of [
      { kind, id },
      { kind, id, model: 'gpt-4o' },
    ]) {
      reads.push(probe.zcard(keys.requestLog(owner)), probe.zcard(keys.parallel(owner)));
      const minute = Math.floor(nowMs / 60_000);
      reads.push(probe.get(keys.tokens(owner, minute)), probe.get(keys.tokens(owner, minute - 1)));
    }
    reads.push(probe.hget(keys.reservations(kind, id), '~total'), probe.zcard(keys.reservationExpiry(kind, id)));
    reads.push(
      probe.get(keys.spend(kind, id, 0)),
      probe.get(keys.spend(kind, id, Math.floor(nowMs / 90_000) * 90_000)),
    );
  }
  return Promise.all(reads);
}

/** The same ticket ids for both bindings, so their replies can be compared whole. */
function ticketIds(): () => string {
  let next = 0;
  return () => `ticket-${(next += 1)}`;
}

/** A small deterministic generator (mulberry32), so a failing sequence can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected the script to fail');
}

function thrown(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected the script to fail');
}
