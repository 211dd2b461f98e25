import { MemoryKeyspace } from '../memory/keyspace';
import { MemoryAdmissionStore } from '../memory-admission-store';
import { AdmissionKeys } from '../redis-keys';
import { KeyProbe, LimitsStoreFixture } from './fixture';

/** The keyspace's commands as the contract's asynchronous probe. */
export function keyspaceProbe(keyspace: MemoryKeyspace): KeyProbe {
  return {
    zcard: (key) => Promise.resolve(keyspace.zcard(key)),
    hget: (key, field) => Promise.resolve(keyspace.hget(key, field)),
    get: (key) => Promise.resolve(keyspace.get(key)),
    pttl: (key) => Promise.resolve(keyspace.pttl(key)),
  };
}

/**
 * One in-process store serving as both replicas, over a keyspace whose clock moves only when the
 * scenario lets time elapse, so expiry is exact and nothing sleeps.
 */
export function openMemoryFixture(startMs = Date.now()): LimitsStoreFixture & { keyspace: MemoryKeyspace } {
  let now = startMs;
  const keyspace = new MemoryKeyspace(() => now);
  const store = new MemoryAdmissionStore(keyspace);
  return {
    replicas: [store, store],
    keys: new AdmissionKeys(''),
    probe: keyspaceProbe(keyspace),
    keyspace,
    now: () => now,
    elapse: (ms) => {
      now += ms;
      return Promise.resolve();
    },
  };
}
