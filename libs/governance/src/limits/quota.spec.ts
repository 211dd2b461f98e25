import { PlannedCheck } from './admission-plan';
import { quotaOf, tokensResetMs, tokensRetryMs, tokensUsed } from './quota';

const MINUTE_START = 1_700_000_040_000;

describe('sliding-minute tokens from two fixed minutes', () => {
  it('weights the previous minute by how much of it the window still covers', () => {
    expect(tokensUsed(100, 600, MINUTE_START)).toBe(700);
    expect(tokensUsed(100, 600, MINUTE_START + 15_000)).toBe(550);
    expect(tokensUsed(100, 600, MINUTE_START + 59_999)).toBeCloseTo(100.01);
  });

  it('waits out this minute and then the fade when this minute alone is over the limit', () => {
    expect(tokensRetryMs(1_000, 0, 1_000, MINUTE_START + 1_000)).toBe(59_000);
    expect(tokensRetryMs(2_000, 0, 1_000, MINUTE_START)).toBe(90_000);
  });

  it('waits for the previous minute to fade below what is left', () => {
    // 200 used now, 1600 last minute, limit 1000: needs 1600 * (1 - f) < 800, so f > 0.5.
    expect(tokensRetryMs(200, 1_600, 1_000, MINUTE_START + 10_000)).toBe(20_000);
    expect(tokensRetryMs(200, 1_600, 1_000, MINUTE_START + 40_000)).toBe(0);
  });

  it('resets to zero once neither minute counts', () => {
    expect(tokensResetMs(0, 0, MINUTE_START)).toBe(0);
    expect(tokensResetMs(0, 5, MINUTE_START + 20_000)).toBe(40_000);
    expect(tokensResetMs(5, 0, MINUTE_START + 20_000)).toBe(100_000);
  });
});

describe('quotaOf', () => {
  const owner = { kind: 'key', id: 'k' };
  const check = (type: 'rpm' | 'tpm' | 'par', limit: number): PlannedCheck => ({ type, owner, limit });

  it('reports the scope with the least remaining, counting the admitted request', () => {
    const quota = quotaOf(
      [
        { check: check('rpm', 100), verdict: 0, first: 10, second: MINUTE_START },
        { check: check('rpm', 5), verdict: 0, first: 3, second: MINUTE_START + 30_000 },
        { check: check('par', 1), verdict: 0, first: 0, second: 0 },
      ],
      true,
      MINUTE_START + 40_000,
    );
    expect(quota).toEqual({ requests: { limit: 5, remaining: 1, resetMs: 50_000 } });
  });

  it('gives a first request a full minute until it leaves the window', () => {
    const quota = quotaOf([{ check: check('rpm', 5), verdict: 0, first: 0, second: -1 }], true, MINUTE_START);
    expect(quota.requests).toEqual({ limit: 5, remaining: 4, resetMs: 60_000 });
  });

  it('does not count a refused request', () => {
    const quota = quotaOf([{ check: check('rpm', 5), verdict: 0, first: 0, second: -1 }], false, MINUTE_START);
    expect(quota.requests).toEqual({ limit: 5, remaining: 5, resetMs: 0 });
  });
});
