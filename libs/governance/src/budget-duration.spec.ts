import { parseBudgetDuration, windowEndMs, windowStartMs } from './budget-duration';
import { dollarsToMicroUsd, microUsdToDollars } from './money';

describe('budget windows', () => {
  it.each([
    ['30s', 30],
    ['30m', 1_800],
    ['24h', 86_400],
    ['1d', 86_400],
    ['30d', 2_592_000],
    ['1w', 604_800],
    ['1mo', 2_592_000],
  ])('reads %s as %i seconds', (text, seconds) => {
    expect(parseBudgetDuration(text)).toBe(seconds);
  });

  it.each(['', '0d', '1y', 'd', '1.5d', '-1d', '1 d'])('refuses %j', (text) => {
    expect(parseBudgetDuration(text)).toBeUndefined();
  });

  it('places windows back to back from the anchor', () => {
    const anchor = Date.UTC(2026, 0, 1, 12);
    const day = 86_400;
    expect(windowStartMs(anchor, day, anchor)).toBe(anchor);
    expect(windowStartMs(anchor, day, anchor + 86_399_999)).toBe(anchor);
    expect(windowStartMs(anchor, day, anchor + 86_400_000)).toBe(anchor + 86_400_000);
    expect(windowEndMs(anchor, day, anchor + 90_000_000)).toBe(anchor + 2 * 86_400_000);
    expect(windowStartMs(anchor, 0, anchor + 1e9)).toBe(anchor);
    expect(windowEndMs(anchor, 0, anchor)).toBeUndefined();
  });

  it('converts dollars to whole micro-dollars and back', () => {
    expect(dollarsToMicroUsd(0.1)).toBe(100_000);
    expect(dollarsToMicroUsd(12.3456789)).toBe(12_345_679);
    expect(microUsdToDollars(2_500_000)).toBe(2.5);
  });
});
