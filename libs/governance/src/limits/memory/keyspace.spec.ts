import { MemoryKeyspace } from './keyspace';

let now: number;
let space: MemoryKeyspace;

beforeEach(() => {
  now = 1_000_000;
  space = new MemoryKeyspace(() => now, 10_000);
});

describe('MemoryKeyspace expiry', () => {
  it('keeps a key through its expiry instant and drops it a millisecond later', () => {
    space.set('k', 'v', { ttlMs: 100 });
    now += 100;
    expect([space.get('k'), space.pttl('k')]).toEqual(['v', 0]);
    now += 1;
    expect([space.get('k'), space.pttl('k')]).toEqual([null, -2]);
    expect(space.size).toBe(0);
  });

  it('answers PTTL with the remaining ms, -1 without a TTL and -2 without the key', () => {
    space.set('timed', 'v', { ttlMs: 500 });
    space.set('forever', 'v');
    now += 200;
    expect([space.pttl('timed'), space.pttl('forever'), space.pttl('missing')]).toEqual([300, -1, -2]);
  });

  it('deletes a key given a TTL of zero or less, and sets none on a missing key', () => {
    space.zadd('z', 1, 'a');
    expect(space.pexpire('z', 0)).toBe(1);
    expect(space.zcard('z')).toBe(0);
    expect(space.pexpire('missing', 100)).toBe(0);
    expect(space.pttl('missing')).toBe(-2);
    expect(() => space.pexpire('z', 1.5)).toThrow('ERR value is not an integer or out of range');
  });

  it('runs a script at one instant, however long it takes', () => {
    space.set('k', 'v', { ttlMs: 40 });
    const seen = space.atomically(() => {
      const before = space.get('k');
      now += 100;
      return [before, space.get('k'), space.pttl('k')];
    });
    expect(seen).toEqual(['v', 'v', 40]);
    expect(space.get('k')).toBeNull();
  });

  it('sweeps keys nobody reads once per interval, on the first script after it', () => {
    space.set('short', 'v', { ttlMs: 1_000 });
    space.set('long', 'v', { ttlMs: 60_000 });
    space.set('forever', 'v');
    now += 9_999;
    space.atomically(() => undefined);
    expect(space.size).toBe(3);
    now += 1;
    space.atomically(() => undefined);
    expect(space.size).toBe(2);
    now += 60_000;
    expect(space.sweep()).toBe(1);
    expect(space.size).toBe(1);
  });
});

describe('MemoryKeyspace strings', () => {
  it('sets only an absent key under onlyIfAbsent, checking the TTL first as SET does', () => {
    expect(space.set('k', 'a', { onlyIfAbsent: true, ttlMs: 100 })).toBe(true);
    expect(space.set('k', 'b', { onlyIfAbsent: true, ttlMs: 100 })).toBe(false);
    expect(space.get('k')).toBe('a');
    expect(() => space.set('k', 'b', { onlyIfAbsent: true, ttlMs: 0 })).toThrow(
      "ERR invalid expire time in 'set' command",
    );
  });

  it('clears the TTL on a plain set and keeps it under keepTtl', () => {
    space.set('kept', 'a', { ttlMs: 100 });
    space.set('kept', 'b', { keepTtl: true });
    space.set('cleared', 'a', { ttlMs: 100 });
    space.set('cleared', 'b');
    expect([space.get('kept'), space.pttl('kept'), space.pttl('cleared')]).toEqual(['b', 100, -1]);
  });

  it('increments from zero, keeps the TTL, and refuses anything but a plain integer', () => {
    expect(space.incrBy('n', '5')).toBe(5);
    space.pexpire('n', 100);
    expect(space.incrBy('n', '-7')).toBe(-2);
    expect([space.get('n'), space.pttl('n')]).toEqual(['-2', 100]);
    for (const bad of ['1.5', '01', ' 1', '+1', '', '9007199254740993']) {
      expect(() => space.incrBy('n', bad)).toThrow('ERR value is not an integer or out of range');
    }
    space.set('text', 'abc');
    expect(() => space.incrBy('text', '1')).toThrow('ERR value is not an integer or out of range');
  });

  it('refuses a command on a key of another type', () => {
    space.set('s', 'v');
    space.hset('h', 'f', 'v');
    expect(() => space.zadd('s', 1, 'a')).toThrow(/^WRONGTYPE/);
    expect(() => space.get('h')).toThrow(/^WRONGTYPE/);
    expect(() => space.hget('s', 'f')).toThrow(/^WRONGTYPE/);
  });
});

describe('MemoryKeyspace hashes and sorted sets', () => {
  it('adds to hash fields and deletes the hash with its last field', () => {
    expect(space.hset('h', 'a', '3')).toBe(1);
    expect(space.hset('h', 'a', '4')).toBe(0);
    expect(space.hincrBy('h', 'total', '10')).toBe(10);
    expect(space.hincrBy('h', 'total', '-4')).toBe(6);
    expect(() => space.hincrBy('h', 'total', '--4')).toThrow('ERR value is not an integer or out of range');
    space.hset('h', 'word', 'x');
    expect(() => space.hincrBy('h', 'word', '1')).toThrow('ERR hash value is not an integer');
    space.pexpire('h', 100);
    expect([space.hdel('h', 'a'), space.hdel('h', 'a'), space.hdel('h', 'word')]).toEqual([1, 0, 1]);
    expect(space.pttl('h')).toBe(100);
    space.hdel('h', 'total');
    expect(space.pttl('h')).toBe(-2);
  });

  it('deletes a sorted set with its last member, by ZREM or by range', () => {
    space.zadd('z', 1, 'a');
    space.zadd('z', 2, 'b');
    space.pexpire('z', 100);
    expect(space.zrem('z', 'a')).toBe(1);
    expect(space.zfirst('z')).toEqual({ member: 'b', score: 2 });
    expect(space.zrem('z', 'b')).toBe(1);
    expect(space.pttl('z')).toBe(-2);
    space.zadd('z', 5, 'c');
    expect(space.pttl('z')).toBe(-1);
    expect(space.zrangeByScore('z', -Infinity, 5)).toEqual(['c']);
    expect(space.zremRangeByScore('z', -Infinity, 5)).toBe(1);
    expect([space.zcard('z'), space.size]).toEqual([0, 0]);
  });
});
