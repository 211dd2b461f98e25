import { formatResetDuration, quotaHeaders } from './quota-headers';

describe('quotaHeaders', () => {
  it('writes the OpenAI trio for requests and for tokens', () => {
    const headers = quotaHeaders({
      requests: { limit: 20, remaining: 19, resetMs: 60_000 },
      tokens: { limit: 1000, remaining: 16, resetMs: 59_000 },
    });
    expect(headers).toEqual({
      'x-ratelimit-limit-requests': '20',
      'x-ratelimit-remaining-requests': '19',
      'x-ratelimit-reset-requests': '1m0s',
      'x-ratelimit-limit-tokens': '1000',
      'x-ratelimit-remaining-tokens': '16',
      'x-ratelimit-reset-tokens': '59s',
    });
  });

  it('leaves out a dimension that has no limit', () => {
    expect(quotaHeaders({ tokens: { limit: 5, remaining: 0, resetMs: 1 } })).toEqual({
      'x-ratelimit-limit-tokens': '5',
      'x-ratelimit-remaining-tokens': '0',
      'x-ratelimit-reset-tokens': '1ms',
    });
    expect(quotaHeaders({})).toEqual({});
  });
});

describe('formatResetDuration', () => {
  it.each([
    [0, '0s'],
    [-5, '0s'],
    [20, '20ms'],
    [0.2, '1ms'],
    [1_000, '1s'],
    [1_500, '1.5s'],
    [360_000, '6m0s'],
    [61_001, '1m1.001s'],
    [3_723_000, '1h2m3s'],
    [7_200_000, '2h0m0s'],
  ])('formats %p ms as %p', (ms, text) => {
    expect(formatResetDuration(ms)).toBe(text);
  });
});
