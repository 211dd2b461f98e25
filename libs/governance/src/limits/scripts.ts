import type { Redis, Result } from 'ioredis';

/*
 * The Lua run by EVALSHA (ioredis `defineCommand` loads a script again after NOSCRIPT). Integer
 * values are passed on as the strings they arrived as: Redis formats Lua numbers itself, and
 * INCRBY/PEXPIRE refuse anything but plain integers.
 */

/** Field of a reservations hash holding their sum, so a check never walks the hash. */
export const RESERVED_TOTAL_FIELD = '~total';

/** Lengthens a key's life to at least ttl ms, never shortens it (-1 = no TTL yet, -2 = no key). */
const KEEP = `
local function keep(key, ttl)
  if redis.call('PTTL', key) < tonumber(ttl) then redis.call('PEXPIRE', key, ttl) end
end
`;

/**
 * KEYS: each check's keys in order (rpm: log; tpm: this minute, previous minute; par: slots;
 * budget: spend, held, held-until). ARGV: now, ticket, leaseMs, reservation, check count, then
 * kind and limit per check. Every check is read first; only when all pass is anything recorded,
 * so a refusal leaves no trace. Replies [admitted, then verdict, x, y per check]: verdict 0 pass,
 * 1 over the limit, 2 (budget) held by reservations in flight. x, y: rpm count and oldest score;
 * tpm this and last minute's tokens; par count; budget spend and reserved total.
 */
const ADMIT_LUA = `${KEEP}
local now, member, lease, reservation = tonumber(ARGV[1]), ARGV[2], ARGV[3], ARGV[4]
local TOTAL, MINUTE = '${RESERVED_TOTAL_FIELD}', 60000

local function drop_lapsed(held, held_until)
  local lapsed = redis.call('ZRANGEBYSCORE', held_until, '-inf', now)
  for _, ticket in ipairs(lapsed) do
    local amount = redis.call('HGET', held, ticket)
    if amount then
      redis.call('HDEL', held, ticket)
      redis.call('HINCRBY', held, TOTAL, '-' .. amount)
    end
  end
  if #lapsed > 0 then redis.call('ZREMRANGEBYSCORE', held_until, '-inf', now) end
end

local reply, checks, k, a = {1}, {}, 1, 6
for i = 1, tonumber(ARGV[5]) do
  local kind, limit = ARGV[a], tonumber(ARGV[a + 1])
  a = a + 2
  local verdict, x, y, keys = 0, 0, 0, nil
  if kind == 'rpm' then
    keys = {KEYS[k]}
    k = k + 1
    redis.call('ZREMRANGEBYSCORE', keys[1], '-inf', now - MINUTE)
    x = redis.call('ZCARD', keys[1])
    local oldest = redis.call('ZRANGE', keys[1], 0, 0, 'WITHSCORES')
    y = oldest[2] and tonumber(oldest[2]) or -1
    if x >= limit then verdict = 1 end
  elseif kind == 'tpm' then
    keys = {KEYS[k], KEYS[k + 1]}
    k = k + 2
    x = tonumber(redis.call('GET', keys[1]) or '0')
    y = tonumber(redis.call('GET', keys[2]) or '0')
    if x + y * (MINUTE - now % MINUTE) / MINUTE >= limit then verdict = 1 end
  elseif kind == 'par' then
    keys = {KEYS[k]}
    k = k + 1
    redis.call('ZREMRANGEBYSCORE', keys[1], '-inf', now)
    x = redis.call('ZCARD', keys[1])
    if x >= limit then verdict = 1 end
  elseif kind == 'budget' then
    keys = {KEYS[k], KEYS[k + 1], KEYS[k + 2]}
    k = k + 3
    drop_lapsed(keys[2], keys[3])
    x = tonumber(redis.call('GET', keys[1]) or '0')
    y = tonumber(redis.call('HGET', keys[2], TOTAL) or '0')
    local want = tonumber(reservation)
    if x >= limit or x + want > limit then verdict = 1 elseif x + y + want > limit then verdict = 2 end
  else
    return redis.error_reply('unknown admission check ' .. tostring(kind))
  end
  checks[i] = {kind, keys}
  if verdict ~= 0 then reply[1] = 0 end
  reply[#reply + 1] = verdict
  reply[#reply + 1] = x
  reply[#reply + 1] = y
end

if reply[1] == 1 then
  for _, check in ipairs(checks) do
    local kind, keys = check[1], check[2]
    if kind == 'rpm' then
      redis.call('ZADD', keys[1], now, member)
      redis.call('PEXPIRE', keys[1], MINUTE)
    elseif kind == 'par' then
      redis.call('ZADD', keys[1], now + tonumber(lease), member)
      keep(keys[1], lease)
    elseif kind == 'budget' and tonumber(reservation) > 0 then
      redis.call('HSET', keys[2], member, reservation)
      redis.call('HINCRBY', keys[2], TOTAL, reservation)
      redis.call('ZADD', keys[3], now + tonumber(lease), member)
      keep(keys[2], lease)
      keep(keys[3], lease)
    end
  end
end
return reply
`;

/**
 * KEYS: the settled marker, then each operation's keys (slot: slots; held: held, held-until;
 * add: a counter). ARGV: ticket, marker TTL, operation count, then kind, amount, ttlMs per
 * operation. The marker is set first: a second settle of the same ticket changes nothing.
 * Replies 1 when this call settled the ticket, 0 when it had already been settled.
 */
const SETTLE_LUA = `${KEEP}
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[2]) then return 0 end
local member, TOTAL = ARGV[1], '${RESERVED_TOTAL_FIELD}'
local k, a = 2, 4
for i = 1, tonumber(ARGV[3]) do
  local kind, amount, ttl = ARGV[a], ARGV[a + 1], ARGV[a + 2]
  a = a + 3
  if kind == 'slot' then
    redis.call('ZREM', KEYS[k], member)
    k = k + 1
  elseif kind == 'held' then
    local held = redis.call('HGET', KEYS[k], member)
    if held then
      redis.call('HDEL', KEYS[k], member)
      redis.call('HINCRBY', KEYS[k], TOTAL, '-' .. held)
    end
    redis.call('ZREM', KEYS[k + 1], member)
    k = k + 2
  elseif kind == 'add' then
    if tonumber(amount) > 0 then
      redis.call('INCRBY', KEYS[k], amount)
      if tonumber(ttl) > 0 then keep(KEYS[k], ttl) end
    end
    k = k + 1
  else
    return redis.error_reply('unknown settle operation ' .. tostring(kind))
  end
end
return 1
`;

/** KEYS: spend counters. ARGV: value and ttlMs (0 = never expires) per key. Raises, never lowers. */
const RAISE_SPEND_LUA = `${KEEP}
for i, key in ipairs(KEYS) do
  local value, ttl = ARGV[2 * i - 1], ARGV[2 * i]
  if tonumber(redis.call('GET', key) or '0') < tonumber(value) then redis.call('SET', key, value, 'KEEPTTL') end
  if tonumber(ttl) > 0 then keep(key, ttl) end
end
return #KEYS
`;

type ScriptArgument = string | number;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    gatehouseAdmit(numKeys: number, ...keysAndArgs: ScriptArgument[]): Result<number[], Context>;
    gatehouseSettle(numKeys: number, ...keysAndArgs: ScriptArgument[]): Result<number, Context>;
    gatehouseRaiseSpend(numKeys: number, ...keysAndArgs: ScriptArgument[]): Result<number, Context>;
  }
}

/** Registers the scripts on a client; safe to call again for the same client. */
export function defineAdmissionScripts(redis: Redis): void {
  redis.defineCommand('gatehouseAdmit', { lua: ADMIT_LUA });
  redis.defineCommand('gatehouseSettle', { lua: SETTLE_LUA });
  redis.defineCommand('gatehouseRaiseSpend', { lua: RAISE_SPEND_LUA });
}
