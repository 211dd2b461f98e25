import { AdmissionKeys, minuteOf } from './redis-keys';

const keys = new AdmissionKeys('gh:');

describe('AdmissionKeys', () => {
  it('names every key under the prefix, by kind and id', () => {
    expect(keys.requestLog({ kind: 'key', id: 'k1' })).toBe('gh:rl:req:key:k1');
    expect(keys.parallel({ kind: 'team', id: 't1' })).toBe('gh:rl:par:team:t1');
    expect(keys.tokens({ kind: 'user', id: 'u1' }, 7)).toBe('gh:rl:tok:user:u1:7');
    expect(keys.spend('team', 't1', 1_700_000_000_000)).toBe('gh:budget:spend:team:t1:1700000000000');
    expect(keys.reservations('key', 'k1')).toBe('gh:budget:held:key:k1');
    expect(keys.reservationExpiry('key', 'k1')).toBe('gh:budget:held-until:key:k1');
    expect(keys.settled('abc')).toBe('gh:settled:abc');
  });

  it('gives per-model counters their own key', () => {
    expect(keys.requestLog({ kind: 'key', id: 'k1', model: 'gpt-4o' })).toBe('gh:rl:req:key:k1@gpt-4o');
  });

  it('cannot be tricked into sharing a key by separators inside ids or model names', () => {
    const scoped = keys.requestLog({ kind: 'team', id: 't1', model: 'x' });
    const lookalike = keys.requestLog({ kind: 'team', id: 't1@x' });
    expect(lookalike).not.toBe(scoped);
    expect(keys.tokens({ kind: 'team', id: 't1:5' }, 6)).not.toBe(keys.tokens({ kind: 'team', id: 't1' }, 5));
    expect(keys.requestLog({ kind: 'team', id: 'a:b', model: 'm/1' })).toBe('gh:rl:req:team:a%3Ab@m%2F1');
  });

  it('keeps a hash-tagged prefix whole, so a cluster puts every key in one slot', () => {
    expect(new AdmissionKeys('{gh}:').parallel({ kind: 'key', id: 'k' })).toBe('{gh}:rl:par:key:k');
  });
});

describe('minuteOf', () => {
  it('counts whole minutes since the epoch', () => {
    expect(minuteOf(0)).toBe(0);
    expect(minuteOf(59_999)).toBe(0);
    expect(minuteOf(60_000)).toBe(1);
  });
});
