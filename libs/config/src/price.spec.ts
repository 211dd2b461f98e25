import { toMicroUsdPerMillionTokens } from './price';

describe('toMicroUsdPerMillionTokens', () => {
  it.each([
    [0.0000025, 2_500_000], // gpt-4o input: $2.50 per million tokens
    [0.00001, 10_000_000],
    [1.25e-7, 125_000],
    [0.000000075, 75_000],
    [0.0006, 600_000_000],
    [0, 0],
    ['0.0000025', 2_500_000],
    ['3e-6', 3_000_000],
    ['.000001', 1_000_000],
    [' 0.000015 ', 15_000_000],
  ])('converts %p dollars per token to %p exactly', (price, expected) => {
    expect(toMicroUsdPerMillionTokens(price)).toEqual({ ok: true, value: expected });
  });

  it('stays exact where a float multiply would not', () => {
    // In binary floating point 0.00000012 * 1e12 is 119999.99999999999.
    expect(0.00000012 * 1e12).not.toBe(120_000);
    expect(toMicroUsdPerMillionTokens(0.00000012)).toEqual({ ok: true, value: 120_000 });
  });

  it('rejects a price finer than one micro-dollar per million tokens', () => {
    const result = toMicroUsdPerMillionTokens('0.0000000000001');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem).toMatch(/finer than 1 micro-dollar per million tokens/);
  });

  it.each(['-0.000001', 'abc', '', '1e400', '0x10'])('rejects %p', (price) => {
    expect(toMicroUsdPerMillionTokens(price).ok).toBe(false);
  });
});
