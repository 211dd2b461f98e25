import { ModelPrice } from './model-price';

export interface ReservationInput {
  readonly promptTokensUpperBound: number;
  readonly maxOutputTokens: number;
  readonly price: Pick<ModelPrice, 'inputPerMillion' | 'outputPerMillion'>;
  /** Never reserve more than this, however large the bound (e.g. a body inflated by base64 images). */
  readonly ceilingMicroUsd: number;
}

/**
 * The most a call can cost, in whole micro-dollars: every prompt token at the input price and a
 * full-length reply at the output price, rounded up (a reservation must never be below the cost it
 * is settled to, which rounds half up), then capped at the ceiling. BigInt keeps the product exact
 * whatever prices an operator configures; only the capped result returns to a number.
 */
export function reservationMicroUsd(input: ReservationInput): number {
  const promptTokens = BigInt(wholeNumber('promptTokensUpperBound', input.promptTokensUpperBound));
  const outputTokens = BigInt(wholeNumber('maxOutputTokens', input.maxOutputTokens));
  const inputPrice = BigInt(wholeNumber('price.inputPerMillion', input.price.inputPerMillion));
  const outputPrice = BigInt(wholeNumber('price.outputPerMillion', input.price.outputPerMillion));
  if (!(input.ceilingMicroUsd >= 0)) throw new RangeError(`ceilingMicroUsd must be >= 0, got ${input.ceilingMicroUsd}`);
  const scaled = promptTokens * inputPrice + outputTokens * outputPrice;
  const microUsd = (scaled + 999_999n) / 1_000_000n;
  return Math.min(Number(microUsd), input.ceilingMicroUsd);
}

/**
 * Tokens allowed for each medium the body references by URL: what such a reference costs is not in
 * the body. It covers the largest single-image charges published in 2025 (OpenAI's patch-based
 * models, about 3,800 at most; Claude, about 1,600 before it downscales). A PDF by URL can cost more;
 * that call is still settled at its real cost, only its reservation falls short.
 */
export const MEDIA_URL_ALLOWANCE_TOKENS = 4_096;

/**
 * Tokens a provider adds that the body does not carry: chat-template markers and, the largest,
 * Anthropic's tool-use system prompt (at most 530 tokens in its 2025 table).
 */
export const PROVIDER_PREAMBLE_TOKENS = 1_024;

const URL_KEY = Buffer.from('"url"');

/**
 * A cheap upper bound on a request's prompt tokens, with no tokenizer on the hot path. Every token
 * of a byte-level BPE (OpenAI's, Anthropic's) or of a SentencePiece model with byte fallback (Gemini,
 * Llama) stands for at least one byte of the text it encodes, so a text has no more tokens than
 * UTF-8 bytes; and the JSON body carries every prompt text plus keys, quotes and escapes, which only
 * add bytes. Base64 images inflate the bound far past their real cost (a 1 MB image is ~1.33 M bytes
 * but about 1,000 tokens): the reservation's ceiling caps that. Media referenced by URL and the
 * provider's own preamble are not in the body, so each gets an allowance on top.
 */
export function promptTokensUpperBound(rawBody: Buffer): number {
  let urls = 0;
  for (let at = rawBody.indexOf(URL_KEY); at !== -1; at = rawBody.indexOf(URL_KEY, at + URL_KEY.length)) urls++;
  return rawBody.length + urls * MEDIA_URL_ALLOWANCE_TOKENS + PROVIDER_PREAMBLE_TOKENS;
}

function wholeNumber(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a whole number >= 0, got ${value}`);
  return value;
}
