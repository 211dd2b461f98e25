/**
 * Prices are held as integer micro-dollars (1e-6 USD) per million tokens. LiteLLM writes dollars per
 * token (`0.0000025`); the factor between the two is exactly 1e12, so any price written with up to
 * twelve decimal places becomes an exact integer (0.0000025 -> 2_500_000) and cost arithmetic never
 * touches a binary float.
 */
export type MicroUsdPerMillionTokens = number;

const SCALE = 12;
const DECIMAL = /^\+?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export type PriceConversion =
  { readonly ok: true; readonly value: MicroUsdPerMillionTokens } | { readonly ok: false; readonly problem: string };

/**
 * Converts a dollars-per-token price by decimal digit shifting. A number is read through its shortest
 * round-trip decimal form (`String(n)`), which equals what was written for up to 15 significant digits.
 */
export function toMicroUsdPerMillionTokens(price: number | string): PriceConversion {
  const text = typeof price === 'number' ? String(price) : price.trim();
  const match = DECIMAL.exec(text);
  const whole = match?.[1] ?? '';
  const fraction = match?.[2] ?? '';
  if (!match || whole + fraction === '') return { ok: false, problem: `"${text}" is not a non-negative decimal price` };

  const digits = BigInt(whole + fraction);
  if (digits === 0n) return { ok: true, value: 0 };
  const shift = Number(match[3] ?? '0') + SCALE - fraction.length;
  const tooLarge = { ok: false, problem: `${text} is too large to be a price` } as const;
  const tooFine = {
    ok: false,
    problem: `${text} is finer than 1 micro-dollar per million tokens (12 decimal places of a dollar per token)`,
  } as const;
  // Bounds checked before building powers of ten so an absurd exponent cannot stall the loader.
  if (shift > 16) return tooLarge;
  if (shift < -(whole + fraction).length) return tooFine;

  const scaled = shift >= 0 ? digits * 10n ** BigInt(shift) : divideExactly(digits, 10n ** BigInt(-shift));
  if (scaled === undefined) return tooFine;
  if (scaled > BigInt(Number.MAX_SAFE_INTEGER)) return tooLarge;
  return { ok: true, value: Number(scaled) };
}

function divideExactly(dividend: bigint, divisor: bigint): bigint | undefined {
  return dividend % divisor === 0n ? dividend / divisor : undefined;
}
