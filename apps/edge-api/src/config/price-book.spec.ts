import { PriceBook } from './price-book';

const usage = (promptTokens: number, completionTokens: number) => ({
  promptTokens,
  completionTokens,
  totalTokens: promptTokens + completionTokens,
  cachedPromptTokens: 0,
  reasoningTokens: 0,
});

describe('PriceBook', () => {
  // $2.50 and $10.00 per million tokens, as integer micro-dollars per million.
  const book = new PriceBook(new Map([['d1', { inputPerMillion: 2_500_000, outputPerMillion: 10_000_000 }]]));

  it('prices a call in integer micro-dollars, rounding once', () => {
    expect(book.costMicroUsd('d1', usage(1_000, 500))).toBe(7_500);
    expect(book.costMicroUsd('d1', usage(3, 5))).toBe(Math.round(3 * 2.5 + 5 * 10));
    expect(book.costMicroUsd('d1', usage(1, 0))).toBe(3);
  });

  it('stays exact where floating point would drift', () => {
    // 0.1 + 0.2-style drift would show at this scale if prices were floats.
    expect(book.costMicroUsd('d1', usage(123_456_789, 0))).toBe(308_641_973);
  });

  it('costs nothing for a deployment without a price or a failed call without a deployment', () => {
    expect(book.costMicroUsd('unknown', usage(10, 10))).toBe(0);
    expect(book.costMicroUsd(undefined, usage(10, 10))).toBe(0);
  });
});
