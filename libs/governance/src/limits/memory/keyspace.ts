import { Scored, SortedSet } from './sorted-set';

interface Values {
  string: string;
  hash: Map<string, string>;
  zset: SortedSet;
}

type Kind = keyof Values;
type Stored = { [K in Kind]: { type: K; value: Values[K] } }[Kind];

interface Entry {
  stored: Stored;
  /** Clock time after which the key is gone; none for a key without a TTL. */
  expiresAt?: number;
}

export interface SetOptions {
  /** Only when the key does not exist (SET NX). */
  onlyIfAbsent?: boolean;
  /** Expire after this many ms (SET PX); without it the key loses any TTL, unless keepTtl. */
  ttlMs?: number;
  /** Keep the key's current TTL (SET KEEPTTL). */
  keepTtl?: boolean;
}

/** Expired keys nobody reads again are removed on the first call after this much time. */
export const DEFAULT_SWEEP_EVERY_MS = 10_000;

const WRONG_TYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
const NOT_AN_INTEGER = 'ERR value is not an integer or out of range';

/**
 * The few Redis commands the admission scripts use, with Redis's semantics: string, hash and
 * sorted-set values, a TTL per key, a key gone once the clock is past its expiry, and a hash or set
 * deleted when its last field or member goes. Commands are synchronous; `atomically` runs one
 * script's worth of them at one frozen instant, as Redis does for a Lua script.
 *
 * Memory stays bounded without a timer: an expired key is dropped when touched, and every key is
 * checked at most once per sweep interval, on the first call after it. With no calls nothing new is
 * stored, so nothing grows.
 */
export class MemoryKeyspace {
  private readonly entries = new Map<string, Entry>();
  private frozenAt: number | undefined;
  private sweptAt: number;

  constructor(
    private readonly clock: () => number = Date.now,
    private readonly sweepEveryMs = DEFAULT_SWEEP_EVERY_MS,
  ) {
    this.sweptAt = clock();
  }

  /** Keys held, counting expired ones not yet removed. */
  get size(): number {
    return this.entries.size;
  }

  /** Runs a script's commands with the clock standing still, after sweeping when one is due. */
  atomically<T>(script: () => T): T {
    if (this.frozenAt !== undefined) return script();
    this.frozenAt = this.clock();
    try {
      if (this.frozenAt - this.sweptAt >= this.sweepEveryMs) this.sweep();
      return script();
    } finally {
      this.frozenAt = undefined;
    }
  }

  /** Removes every expired key; returns how many went. */
  sweep(): number {
    const now = this.now();
    let removed = 0;
    for (const [key, entry] of this.entries) {
      if (expired(entry, now)) removed += Number(this.entries.delete(key));
    }
    this.sweptAt = now;
    return removed;
  }

  get(key: string): string | null {
    return this.read(key, 'string') ?? null;
  }

  /** True when the value was written (false only under onlyIfAbsent with the key present). */
  set(key: string, value: string, options: SetOptions = {}): boolean {
    const { ttlMs, keepTtl } = options;
    if (ttlMs !== undefined && !(Number.isSafeInteger(ttlMs) && ttlMs > 0)) {
      throw new Error("ERR invalid expire time in 'set' command");
    }
    const current = this.live(key);
    if (options.onlyIfAbsent && current) return false;
    const expiresAt = ttlMs !== undefined ? this.now() + ttlMs : keepTtl ? current?.expiresAt : undefined;
    this.entries.set(key, { stored: { type: 'string', value }, expiresAt });
    return true;
  }

  /** Adds to an integer string (0 when absent), keeping the TTL; returns the new value. */
  incrBy(key: string, increment: string): number {
    const sum = integer(this.get(key) ?? '0', NOT_AN_INTEGER) + integer(increment, NOT_AN_INTEGER);
    if (!Number.isSafeInteger(sum)) throw new Error('ERR increment or decrement would overflow');
    this.write(key, { type: 'string', value: String(sum) });
    return sum;
  }

  hget(key: string, field: string): string | null {
    return this.read(key, 'hash')?.get(field) ?? null;
  }

  /** 1 when the field is new. */
  hset(key: string, field: string, value: string): number {
    const hash = this.readOrCreate(key, 'hash', () => new Map<string, string>());
    const added = hash.has(field) ? 0 : 1;
    hash.set(field, value);
    return added;
  }

  hdel(key: string, field: string): number {
    const hash = this.read(key, 'hash');
    if (!hash?.delete(field)) return 0;
    if (hash.size === 0) this.entries.delete(key);
    return 1;
  }

  hincrBy(key: string, field: string, increment: string): number {
    const hash = this.readOrCreate(key, 'hash', () => new Map<string, string>());
    const sum =
      integer(hash.get(field) ?? '0', 'ERR hash value is not an integer') + integer(increment, NOT_AN_INTEGER);
    if (!Number.isSafeInteger(sum)) throw new Error('ERR increment or decrement would overflow');
    hash.set(field, String(sum));
    return sum;
  }

  /** 1 when the member is new; an existing member takes the new score. */
  zadd(key: string, score: number, member: string): number {
    return Number(this.readOrCreate(key, 'zset', () => new SortedSet()).add(member, score));
  }

  zrem(key: string, member: string): number {
    const set = this.read(key, 'zset');
    if (!set?.remove(member)) return 0;
    if (set.size === 0) this.entries.delete(key);
    return 1;
  }

  zcard(key: string): number {
    return this.read(key, 'zset')?.size ?? 0;
  }

  /** Members scored within [min, max], lowest first. */
  zrangeByScore(key: string, min: number, max: number): string[] {
    return this.read(key, 'zset')?.rangeByScore(min, max) ?? [];
  }

  zremRangeByScore(key: string, min: number, max: number): number {
    const set = this.read(key, 'zset');
    if (!set) return 0;
    const removed = set.removeRangeByScore(min, max);
    if (set.size === 0) this.entries.delete(key);
    return removed;
  }

  /** The lowest-ranked member and its score (ZRANGE key 0 0 WITHSCORES). */
  zfirst(key: string): Scored | undefined {
    return this.read(key, 'zset')?.first();
  }

  /** Remaining ms; -1 for a key without a TTL, -2 for no key. */
  pttl(key: string): number {
    const entry = this.live(key);
    if (!entry) return -2;
    return entry.expiresAt === undefined ? -1 : Math.max(entry.expiresAt - this.now(), 0);
  }

  /** 1 when the key exists; a TTL of zero or less deletes it at once. */
  pexpire(key: string, ttlMs: number): number {
    if (!Number.isSafeInteger(ttlMs)) throw new Error(NOT_AN_INTEGER);
    const entry = this.live(key);
    if (!entry) return 0;
    if (ttlMs <= 0) this.entries.delete(key);
    else entry.expiresAt = this.now() + ttlMs;
    return 1;
  }

  private now(): number {
    return this.frozenAt ?? this.clock();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && expired(entry, this.now())) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private read<K extends Kind>(key: string, type: K): Values[K] | undefined {
    const stored = this.live(key)?.stored;
    if (!stored) return undefined;
    if (stored.type !== type) throw new Error(WRONG_TYPE);
    return stored.value as Values[K];
  }

  private readOrCreate<K extends Kind>(key: string, type: K, create: () => Values[K]): Values[K] {
    const current = this.read(key, type);
    if (current !== undefined) return current;
    const value = create();
    this.entries.set(key, { stored: { type, value } as Stored });
    return value;
  }

  /** Replaces a string's value and keeps its TTL, as INCRBY does. */
  private write(key: string, stored: Stored): void {
    const entry = this.live(key);
    if (entry) entry.stored = stored;
    else this.entries.set(key, { stored });
  }
}

/** Redis keeps a key through its expiry instant and drops it just after. */
function expired(entry: Entry, now: number): boolean {
  return entry.expiresAt !== undefined && now > entry.expiresAt;
}

/** Redis's strict integer syntax: optional minus, no leading zeros, no spaces, no fraction. */
function integer(text: string, error: string): number {
  const value = /^(0|-?[1-9]\d*)$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value)) throw new Error(error);
  return value;
}
