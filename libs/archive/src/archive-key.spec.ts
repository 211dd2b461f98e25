import {
  archiveKey,
  assertArchiveKey,
  assertArchivePrefix,
  hourPrefix,
  idRangePart,
  InvalidArchiveKey,
} from './archive-key';

describe('archive keys', () => {
  it('lays a part out under its stream, UTC day and hour', () => {
    // 01:30 at +02:00 is 23:30 the day before in UTC.
    const at = new Date('2026-03-02T01:30:00+02:00');
    expect(archiveKey('usage', at, '7-9')).toBe('usage/dt=2026-03-01/hour=23/7-9.jsonl.gz');
    expect(hourPrefix('usage', new Date('2026-11-05T04:00:00.000Z'))).toBe('usage/dt=2026-11-05/hour=04/');
  });

  it('names a part by its id range, padded to the width of a bigint so names sort by id', () => {
    expect(idRangePart('9', '12')).toBe('0000000000000000009-0000000000000000012');
    expect(idRangePart('9223372036854775807', '9223372036854775807')).toBe('9223372036854775807-9223372036854775807');
    const names = [idRangePart('100', '150'), idRangePart('9', '99')].sort();
    expect(names[0]).toBe(idRangePart('9', '99'));
    expect(() => idRangePart('-1', '2')).toThrow(RangeError);
    expect(() => idRangePart('1', '12345678901234567890')).toThrow(RangeError);
  });

  it('refuses a part or stream that would break the layout, and an invalid date', () => {
    expect(() => archiveKey('usage', new Date(0), 'a/b')).toThrow(InvalidArchiveKey);
    expect(() => archiveKey('../usage', new Date(0), 'p')).toThrow(InvalidArchiveKey);
    expect(() => archiveKey('usage/', new Date(0), 'p')).toThrow(InvalidArchiveKey);
    expect(() => archiveKey('usage', new Date('not a date'), 'p')).toThrow(RangeError);
  });

  it.each(['', '/a', 'a/', 'a//b', '.', '..', 'a/../b', 'a/.tmp', 'a\\b', 'a\nb', 'x'.repeat(1025)])(
    'refuses the key %j',
    (key) => expect(() => assertArchiveKey(key)).toThrow(InvalidArchiveKey),
  );

  it('takes keys with the characters the layout uses', () => {
    expect(() => assertArchiveKey('usage/dt=2026-03-01/hour=23/1-2.jsonl.gz')).not.toThrow();
    expect(() => assertArchiveKey('é/ü')).not.toThrow();
  });

  it('takes an empty prefix, a folder prefix and one that stops inside a segment', () => {
    for (const prefix of ['', 'usage/', 'usage/dt=2026-0']) expect(() => assertArchivePrefix(prefix)).not.toThrow();
    for (const prefix of ['/', '../', 'usage//', 'usage/.']) {
      expect(() => assertArchivePrefix(prefix)).toThrow(InvalidArchiveKey);
    }
  });
});
