import { ScriptCall } from '../admission-plan';
import { MINUTE_MS } from '../redis-keys';
import { RESERVED_TOTAL_FIELD } from '../scripts';
import { MemoryKeyspace } from './keyspace';

/*
 * ADMIT_LUA, SETTLE_LUA and RAISE_SPEND_LUA from ../scripts.ts, line for line over a MemoryKeyspace;
 * read each beside its Lua, whose comment states KEYS, ARGV and the reply. Arguments become strings
 * first, as they reach Redis, and are read back with Number where the Lua says tonumber. Errors carry
 * the text the Lua's error_reply gives, and commands already run stay run, as in Redis.
 */

type AdmitKind = 'rpm' | 'tpm' | 'par' | 'budget';

/** How many KEYS each admit check reads. */
const KEYS_PER_CHECK: Record<AdmitKind, number> = { rpm: 1, tpm: 2, par: 1, budget: 3 };

interface Check {
  kind: AdmitKind;
  keys: string[];
}

/** The admit script: reads every check, records in all of them only when all pass. */
export function admitScript(space: MemoryKeyspace, call: ScriptCall): number[] {
  const argv = call.args.map(String);
  const [now, member, lease, reservation] = [Number(argv[0]), argv[1], Number(argv[2]), argv[3]];
  const reply = [1];
  const checks: Check[] = [];
  let k = 0;
  for (let i = 0, a = 5; i < Number(argv[4]); i += 1, a += 2) {
    const kind = argv.at(a);
    if (!isAdmitKind(kind)) throw new Error(`unknown admission check ${kind ?? 'nil'}`);
    const keys = call.keys.slice(k, k + KEYS_PER_CHECK[kind]);
    k += keys.length;
    const [verdict, x, y] = readCheck(space, { kind, keys }, Number(argv[a + 1]), now, Number(reservation));
    checks.push({ kind, keys });
    if (verdict !== 0) reply[0] = 0;
    // Redis turns a Lua number into an integer reply by truncation.
    reply.push(verdict, Math.trunc(x), Math.trunc(y));
  }
  if (reply[0] === 1) {
    for (const check of checks) commitCheck(space, check, now, member, lease, reservation);
  }
  return reply;
}

/** The settle script: 1 when this call settled the ticket, 0 when it had been settled already. */
export function settleScript(space: MemoryKeyspace, call: ScriptCall): number {
  const argv = call.args.map(String);
  const { keys } = call;
  if (!space.set(keys[0], '1', { onlyIfAbsent: true, ttlMs: Number(argv[1]) })) return 0;
  const member = argv[0];
  let k = 1;
  for (let i = 0, a = 3; i < Number(argv[2]); i += 1, a += 3) {
    const [kind, amount, ttl] = [argv.at(a), argv[a + 1], Number(argv[a + 2])];
    if (kind === 'slot') {
      space.zrem(keys[k], member);
      k += 1;
    } else if (kind === 'held') {
      const held = space.hget(keys[k], member);
      if (held !== null) {
        space.hdel(keys[k], member);
        space.hincrBy(keys[k], RESERVED_TOTAL_FIELD, `-${held}`);
      }
      space.zrem(keys[k + 1], member);
      k += 2;
    } else if (kind === 'add') {
      if (Number(amount) > 0) {
        space.incrBy(keys[k], amount);
        if (ttl > 0) keep(space, keys[k], ttl);
      }
      k += 1;
    } else {
      throw new Error(`unknown settle operation ${kind ?? 'nil'}`);
    }
  }
  return 1;
}

/** The raise-spend script: lifts each counter to at least its value, never lowers it. */
export function raiseSpendScript(space: MemoryKeyspace, call: ScriptCall): number {
  const argv = call.args.map(String);
  call.keys.forEach((key, i) => {
    const [value, ttl] = [argv[2 * i], Number(argv[2 * i + 1])];
    if (Number(space.get(key) ?? '0') < Number(value)) space.set(key, value, { keepTtl: true });
    if (ttl > 0) keep(space, key, ttl);
  });
  return call.keys.length;
}

/** Verdict (0 pass, 1 over the limit, 2 held by reservations) and the two readings of one check. */
function readCheck(
  space: MemoryKeyspace,
  { kind, keys }: Check,
  limit: number,
  now: number,
  want: number,
): [number, number, number] {
  switch (kind) {
    case 'rpm': {
      space.zremRangeByScore(keys[0], -Infinity, now - MINUTE_MS);
      const count = space.zcard(keys[0]);
      return [count >= limit ? 1 : 0, count, space.zfirst(keys[0])?.score ?? -1];
    }
    case 'tpm': {
      const current = Number(space.get(keys[0]) ?? '0');
      const previous = Number(space.get(keys[1]) ?? '0');
      const weighted = current + (previous * (MINUTE_MS - luaModulo(now, MINUTE_MS))) / MINUTE_MS;
      return [weighted >= limit ? 1 : 0, current, previous];
    }
    case 'par': {
      space.zremRangeByScore(keys[0], -Infinity, now);
      const count = space.zcard(keys[0]);
      return [count >= limit ? 1 : 0, count, 0];
    }
    case 'budget': {
      dropLapsed(space, keys[1], keys[2], now);
      const spend = Number(space.get(keys[0]) ?? '0');
      const reserved = Number(space.hget(keys[1], RESERVED_TOTAL_FIELD) ?? '0');
      const verdict = spend >= limit || spend + want > limit ? 1 : spend + reserved + want > limit ? 2 : 0;
      return [verdict, spend, reserved];
    }
  }
}

function commitCheck(
  space: MemoryKeyspace,
  { kind, keys }: Check,
  now: number,
  member: string,
  lease: number,
  reservation: string,
): void {
  if (kind === 'rpm') {
    space.zadd(keys[0], now, member);
    space.pexpire(keys[0], MINUTE_MS);
  } else if (kind === 'par') {
    space.zadd(keys[0], now + lease, member);
    keep(space, keys[0], lease);
  } else if (kind === 'budget' && Number(reservation) > 0) {
    space.hset(keys[1], member, reservation);
    space.hincrBy(keys[1], RESERVED_TOTAL_FIELD, reservation);
    space.zadd(keys[2], now + lease, member);
    keep(space, keys[1], lease);
    keep(space, keys[2], lease);
  }
}

/** Releases the reservations whose lease has run out. */
function dropLapsed(space: MemoryKeyspace, held: string, heldUntil: string, now: number): void {
  const lapsed = space.zrangeByScore(heldUntil, -Infinity, now);
  for (const ticket of lapsed) {
    const amount = space.hget(held, ticket);
    if (amount !== null) {
      space.hdel(held, ticket);
      space.hincrBy(held, RESERVED_TOTAL_FIELD, `-${amount}`);
    }
  }
  if (lapsed.length > 0) space.zremRangeByScore(heldUntil, -Infinity, now);
}

/** Lengthens a key's life to at least ttl ms, never shortens it (no TTL yet counts as shorter). */
function keep(space: MemoryKeyspace, key: string, ttlMs: number): void {
  if (space.pttl(key) < ttlMs) space.pexpire(key, ttlMs);
}

/** Lua's `%`, which floors where JavaScript's truncates. */
function luaModulo(a: number, b: number): number {
  return a - Math.floor(a / b) * b;
}

function isAdmitKind(kind: string | undefined): kind is AdmitKind {
  return kind !== undefined && Object.hasOwn(KEYS_PER_CHECK, kind);
}
