import { decodePosition, encodePosition } from './position-codec';

describe('position codec', () => {
  it('reads back what it writes', () => {
    expect(decodePosition(encodePosition(0))).toEqual({ ok: true, offset: 0 });
    expect(decodePosition(encodePosition(123_456_789))).toEqual({ ok: true, offset: 123_456_789 });
  });

  it.each([
    ['', 'it is empty'],
    ['{"format":1,"off', 'it is not JSON'],
    ['[1]', 'it is format undefined; this build reads format 1'],
    ['null', 'it is not a JSON object'],
    ['{"format":2,"offset":5}', 'it is format 2; this build reads format 1'],
    ['{"format":1,"offset":-1}', 'its offset -1 is not a non-negative integer'],
    ['{"format":1,"offset":1.5}', 'its offset 1.5 is not a non-negative integer'],
    ['{"format":1,"offset":"5"}', 'its offset "5" is not a non-negative integer'],
  ])('names what is wrong with %j', (text, problem) => {
    expect(decodePosition(text)).toEqual({ ok: false, problem });
  });
});
