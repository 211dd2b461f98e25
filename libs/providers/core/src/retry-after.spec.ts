import { retryAfterSeconds } from './retry-after';

const response = (value?: string | string[]) => ({ status: 429, headers: { 'retry-after': value }, body: {} });

describe('retryAfterSeconds', () => {
  it.each([
    ['7', 7],
    ['1.2', 2],
    ['-3', 0],
    [['5', '9'], 5],
  ] as const)('reads %j as %i seconds', (value, seconds) => {
    expect(retryAfterSeconds(response(value as string | string[]))).toBe(seconds);
  });

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-11-25T00:00:00Z');
    expect(retryAfterSeconds(response('Wed, 25 Nov 2026 00:00:30 GMT'), now)).toBe(30);
  });

  it('has nothing to say for a missing or unparseable header', () => {
    expect(retryAfterSeconds(response(undefined))).toBeUndefined();
    expect(retryAfterSeconds(response('soon'))).toBeUndefined();
  });
});
