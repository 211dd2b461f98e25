import type { Redis, Result } from 'ioredis';
import { RoutingKeys } from './redis-routing-keys';

/**
 * KEYS: the replica registry, then per deployment its in-flight hash, this minute's request and token
 * counters, and its two latency lists. ARGV: replica id, replica TTL, counter TTL, latency TTL,
 * latency window size, deployment count, then per deployment: this replica's calls in flight,
 * requests and tokens to add, and each list's new samples (count, then samples, oldest first).
 *
 * The registry is a sorted set of replica id -> when it lapses, by Redis's own clock so replicas'
 * clocks need not agree. A replica that stops flushing lapses `replica TTL` after its last flush, and
 * its fields are dropped from every in-flight hash as they are read. Replies per deployment:
 * {in flight at other live replicas, requests, tokens, latency samples, first-token samples}, the
 * samples newest first.
 */
const FLUSH_LUA = `
local replica, replica_ttl, counter_ttl, latency_ttl = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local window, count = tonumber(ARGV[5]), tonumber(ARGV[6])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZADD', KEYS[1], now + replica_ttl, replica)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('PEXPIRE', KEYS[1], replica_ttl)
local live = {}
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do live[member] = true end

local function count_up(key, amount)
  if tonumber(amount) > 0 then
    local total = redis.call('INCRBY', key, amount)
    redis.call('PEXPIRE', key, counter_ttl)
    return total
  end
  return tonumber(redis.call('GET', key) or '0')
end

local a = 7
local function samples(key)
  local n = tonumber(ARGV[a])
  for j = 1, n do redis.call('LPUSH', key, ARGV[a + j]) end
  a = a + n + 1
  if n > 0 then
    redis.call('LTRIM', key, 0, window - 1)
    redis.call('PEXPIRE', key, latency_ttl)
  end
  return redis.call('LRANGE', key, 0, window - 1)
end

local reply, k = {}, 2
for i = 1, count do
  local held = KEYS[k]
  if ARGV[a] == '0' then redis.call('HDEL', held, replica) else redis.call('HSET', held, replica, ARGV[a]) end
  redis.call('PEXPIRE', held, replica_ttl)
  local others, fields = 0, redis.call('HGETALL', held)
  for f = 1, #fields, 2 do
    if not live[fields[f]] then
      redis.call('HDEL', held, fields[f])
    elseif fields[f] ~= replica then
      others = others + tonumber(fields[f + 1])
    end
  end
  local requests = count_up(KEYS[k + 1], ARGV[a + 1])
  local tokens = count_up(KEYS[k + 2], ARGV[a + 2])
  a = a + 3
  local per_token = samples(KEYS[k + 3])
  local first_token = samples(KEYS[k + 4])
  reply[i] = {others, requests, tokens, per_token, first_token}
  k = k + 5
end
return reply
`;

/** One deployment's part of a flush: what this replica has to add, and the minute it belongs to. */
export interface FlushItem {
  readonly deploymentId: string;
  readonly inFlight: number;
  readonly requests: number;
  readonly tokens: number;
  readonly perToken: readonly number[];
  readonly firstToken: readonly number[];
}

export interface FlushSettings {
  readonly replicaId: string;
  readonly replicaTtlMs: number;
  readonly latencySamples: number;
  readonly latencyTtlMs: number;
}

/** What Redis holds for one deployment after the flush. */
export type FlushedDeployment = [
  othersInFlight: number,
  requests: number,
  tokens: number,
  perToken: string[],
  firstToken: string[],
];

/** A minute counter outlives its minute a little, for a flush that lands just after it ends. */
const COUNTER_TTL_MS = 120_000;

type ScriptArgument = string | number;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    gatehouseRoutingFlush(numKeys: number, ...keysAndArgs: ScriptArgument[]): Result<FlushedDeployment[], Context>;
  }
}

/** Registers the script on a client; safe to call again for the same client. */
export function defineRoutingScripts(redis: Redis): void {
  redis.defineCommand('gatehouseRoutingFlush', { lua: FLUSH_LUA });
}

export function flushCall(
  keys: RoutingKeys,
  settings: FlushSettings,
  minute: number,
  items: readonly FlushItem[],
): { keys: string[]; args: ScriptArgument[] } {
  const names = [keys.replicas];
  const args: ScriptArgument[] = [
    settings.replicaId,
    settings.replicaTtlMs,
    COUNTER_TTL_MS,
    settings.latencyTtlMs,
    settings.latencySamples,
    items.length,
  ];
  for (const item of items) {
    const id = item.deploymentId;
    names.push(keys.inFlight(id), keys.requests(id, minute), keys.tokens(id, minute));
    names.push(keys.perToken(id), keys.firstToken(id));
    args.push(item.inFlight, item.requests, item.tokens);
    args.push(item.perToken.length, ...item.perToken, item.firstToken.length, ...item.firstToken);
  }
  return { keys: names, args };
}
