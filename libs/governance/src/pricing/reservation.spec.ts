import {
  MEDIA_URL_ALLOWANCE_TOKENS,
  PROVIDER_PREAMBLE_TOKENS,
  promptTokensUpperBound,
  reservationMicroUsd,
} from './reservation';

// $2.50 and $10.00 per million tokens.
const price = { inputPerMillion: 2_500_000, outputPerMillion: 10_000_000 };

describe('reservationMicroUsd', () => {
  it('reserves every prompt token and a full-length reply', () => {
    // 1,000 x 2.5 + 500 x 10 = 7,500 micro-dollars.
    expect(
      reservationMicroUsd({ promptTokensUpperBound: 1_000, maxOutputTokens: 500, price, ceilingMicroUsd: 1e9 }),
    ).toBe(7_500);
  });

  it('rounds up to a whole micro-dollar, so it never falls below the settled cost', () => {
    // 1 x 2.5 = 2.5 and 3 x 2.5 + 1 x 10 = 17.5: both settle at the rounded-half-up 3 and 18.
    expect(reservationMicroUsd({ promptTokensUpperBound: 1, maxOutputTokens: 0, price, ceilingMicroUsd: 1e9 })).toBe(3);
    expect(reservationMicroUsd({ promptTokensUpperBound: 3, maxOutputTokens: 1, price, ceilingMicroUsd: 1e9 })).toBe(
      18,
    );
    const cheap = { inputPerMillion: 1, outputPerMillion: 0 };
    expect(
      reservationMicroUsd({ promptTokensUpperBound: 1, maxOutputTokens: 0, price: cheap, ceilingMicroUsd: 9 }),
    ).toBe(1);
  });

  it('never reserves more than the ceiling', () => {
    expect(
      reservationMicroUsd({
        promptTokensUpperBound: 10_000_000,
        maxOutputTokens: 4_096,
        price,
        ceilingMicroUsd: 5_000,
      }),
    ).toBe(5_000);
    expect(reservationMicroUsd({ promptTokensUpperBound: 10, maxOutputTokens: 10, price, ceilingMicroUsd: 0 })).toBe(0);
  });

  it('stays exact past 2^53, where float arithmetic would drop the last micro-dollar', () => {
    // 36,000,000 x 1,000,000,000 + 1 x 1 = 36,000,000,000,000,001 per million: a double rounds the
    // trailing 1 away (its step there is 8), so only exact arithmetic rounds up to ...,001.
    const steep = { inputPerMillion: 1_000_000_000, outputPerMillion: 1 };
    expect(
      reservationMicroUsd({
        promptTokensUpperBound: 36_000_000,
        maxOutputTokens: 1,
        price: steep,
        ceilingMicroUsd: Infinity,
      }),
    ).toBe(36_000_000_001);
  });

  it('refuses inputs that are not whole counts and prices', () => {
    const call =
      (promptTokensUpperBound: number, ceilingMicroUsd = 1) =>
      () =>
        reservationMicroUsd({ promptTokensUpperBound, maxOutputTokens: 1, price, ceilingMicroUsd });
    expect(call(-1)).toThrow(RangeError);
    expect(call(1.5)).toThrow(/promptTokensUpperBound/);
    expect(call(Number.NaN)).toThrow(RangeError);
    expect(call(1, -1)).toThrow(/ceilingMicroUsd/);
    expect(call(1, Number.NaN)).toThrow(/ceilingMicroUsd/);
  });
});

describe('promptTokensUpperBound', () => {
  const body = (value: unknown) => Buffer.from(JSON.stringify(value));

  it('is the UTF-8 byte length of the body plus the provider preamble', () => {
    const request = body({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] });
    expect(promptTokensUpperBound(request)).toBe(request.length + PROVIDER_PREAMBLE_TOKENS);
    // Bytes, not characters: é is 2 bytes and 👋 is 4.
    expect(promptTokensUpperBound(Buffer.from('é👋'))).toBe(6 + PROVIDER_PREAMBLE_TOKENS);
  });

  it('adds an allowance for every medium referenced by URL', () => {
    const image = (url: string) => ({ type: 'image_url', image_url: { url } });
    const request = body({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: [image('https://a.example/1.png'), image('https://a.example/2.png')] }],
    });
    expect(promptTokensUpperBound(request)).toBe(
      request.length + 2 * MEDIA_URL_ALLOWANCE_TOKENS + PROVIDER_PREAMBLE_TOKENS,
    );
  });

  it('bounds the tokens of an empty body by the preamble alone', () => {
    expect(promptTokensUpperBound(Buffer.alloc(0))).toBe(PROVIDER_PREAMBLE_TOKENS);
  });
});
