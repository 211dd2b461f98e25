import { builtinPriceKey } from './builtin-price-key';
import { ModelPrice } from './model-price';

/** When the list prices below were read from the providers' pricing pages. */
export const BUILTIN_PRICES_AS_OF = '2025';

interface PriceRow {
  readonly ids: readonly string[];
  readonly price: ModelPrice;
}

function row(ids: string[], inputPerMillion: number, outputPerMillion: number, maxOutputTokens: number): PriceRow {
  return { ids, price: { inputPerMillion, outputPerMillion, maxOutputTokens } };
}

// Prices as published, 2025: a sane default until the operator sets `input_cost_per_token` /
// `output_cost_per_token` in config, which always wins. Standard (non-batch, non-cached) rates; where
// a provider charges more for long prompts (Gemini 1.5 above 128k, 2.5 Pro above 200k), the base
// tier. Keys are what builtinPriceKey() produces; aliases sit beside the snapshot they point to.
const OPENAI: PriceRow[] = [
  row(['gpt-4o', 'gpt-4o-2024-08-06', 'gpt-4o-2024-11-20'], 2_500_000, 10_000_000, 16_384),
  row(['gpt-4o-2024-05-13'], 5_000_000, 15_000_000, 4_096),
  row(['gpt-4o-mini', 'gpt-4o-mini-2024-07-18'], 150_000, 600_000, 16_384),
  row(['gpt-4.1', 'gpt-4.1-2025-04-14'], 2_000_000, 8_000_000, 32_768),
  row(['gpt-4.1-mini', 'gpt-4.1-mini-2025-04-14'], 400_000, 1_600_000, 32_768),
  row(['gpt-4.1-nano', 'gpt-4.1-nano-2025-04-14'], 100_000, 400_000, 32_768),
  row(['o1', 'o1-2024-12-17'], 15_000_000, 60_000_000, 100_000),
  row(['o3', 'o3-2025-04-16'], 2_000_000, 8_000_000, 100_000),
  row(['o3-mini', 'o3-mini-2025-01-31'], 1_100_000, 4_400_000, 100_000),
  row(['o4-mini', 'o4-mini-2025-04-16'], 1_100_000, 4_400_000, 100_000),
  row(['gpt-3.5-turbo', 'gpt-3.5-turbo-0125'], 500_000, 1_500_000, 4_096),
  row(['text-embedding-3-small'], 20_000, 0, 0),
  row(['text-embedding-3-large'], 130_000, 0, 0),
  row(['text-embedding-ada-002'], 100_000, 0, 0),
];

// Also Claude on Bedrock and Vertex, which list it at the same prices (see builtinPriceKey).
const ANTHROPIC: PriceRow[] = [
  row(['claude-3-haiku-20240307'], 250_000, 1_250_000, 4_096),
  row(['claude-3-5-haiku-20241022', 'claude-3-5-haiku-latest'], 800_000, 4_000_000, 8_192),
  row(
    ['claude-3-5-sonnet-20240620', 'claude-3-5-sonnet-20241022', 'claude-3-5-sonnet-latest'],
    3_000_000,
    15_000_000,
    8_192,
  ),
  row(['claude-3-7-sonnet-20250219', 'claude-3-7-sonnet-latest'], 3_000_000, 15_000_000, 64_000),
  row(['claude-sonnet-4-20250514', 'claude-sonnet-4-0'], 3_000_000, 15_000_000, 64_000),
  row(['claude-opus-4-20250514', 'claude-opus-4-0'], 15_000_000, 75_000_000, 32_000),
];

// On-demand, us-east-1.
const BEDROCK: PriceRow[] = [
  row(['amazon.nova-micro-v1'], 35_000, 140_000, 10_000),
  row(['amazon.nova-lite-v1'], 60_000, 240_000, 10_000),
  row(['amazon.nova-pro-v1'], 800_000, 3_200_000, 10_000),
  row(['amazon.titan-embed-text-v1'], 100_000, 0, 0),
  row(['amazon.titan-embed-text-v2'], 20_000, 0, 0),
  row(['meta.llama3-8b-instruct-v1'], 300_000, 600_000, 2_048),
  row(['meta.llama3-70b-instruct-v1'], 2_650_000, 3_500_000, 2_048),
  row(['meta.llama3-1-8b-instruct-v1'], 220_000, 220_000, 4_096),
  row(['meta.llama3-1-70b-instruct-v1'], 720_000, 720_000, 4_096),
  row(['meta.llama3-1-405b-instruct-v1'], 2_400_000, 2_400_000, 4_096),
  row(['meta.llama3-3-70b-instruct-v1'], 720_000, 720_000, 4_096),
];

const GEMINI: PriceRow[] = [
  row(['gemini-1.5-flash'], 75_000, 300_000, 8_192),
  row(['gemini-1.5-pro'], 1_250_000, 5_000_000, 8_192),
  row(['gemini-2.0-flash'], 100_000, 400_000, 8_192),
  row(['gemini-2.0-flash-lite'], 75_000, 300_000, 8_192),
  row(['gemini-2.5-flash'], 300_000, 2_500_000, 65_536),
  row(['gemini-2.5-pro'], 1_250_000, 10_000_000, 65_536),
];

// Mistral publishes no separate output cap, so the bound is the 128k context window.
const MISTRAL: PriceRow[] = [
  row(['mistral-large-latest', 'mistral-large-2411'], 2_000_000, 6_000_000, 128_000),
  row(['mistral-small-latest', 'mistral-small-2503'], 100_000, 300_000, 128_000),
  row(['open-mistral-nemo', 'open-mistral-nemo-2407'], 150_000, 150_000, 128_000),
  row(['mistral-embed'], 100_000, 0, 0),
];

// The undated Command R names are priced as their 08-2024 models, which the pricing page lists.
const COHERE: PriceRow[] = [
  row(['command-r', 'command-r-08-2024'], 150_000, 600_000, 4_096),
  row(['command-r-plus', 'command-r-plus-08-2024'], 2_500_000, 10_000_000, 4_096),
  row(['command-a', 'command-a-03-2025'], 2_500_000, 10_000_000, 8_000),
  row(['embed-english-v3.0'], 100_000, 0, 0),
];

const BUILTIN_PRICES: ReadonlyMap<string, ModelPrice> = indexRows([
  ...OPENAI,
  ...ANTHROPIC,
  ...BEDROCK,
  ...GEMINI,
  ...MISTRAL,
  ...COHERE,
]);

function indexRows(rows: readonly PriceRow[]): Map<string, ModelPrice> {
  const index = new Map<string, ModelPrice>();
  for (const { ids, price } of rows) {
    for (const id of ids) {
      // A key listed twice would silently take the later price; fail at load instead.
      if (index.has(id)) throw new Error(`invariant: built-in price for "${id}" is listed twice`);
      if (builtinPriceKey(id) !== id) throw new Error(`invariant: built-in price key "${id}" is not normalised`);
      index.set(id, price);
    }
  }
  return index;
}

/**
 * The built-in list price of a provider model as written in config (`openai/gpt-4o`,
 * `bedrock/us.anthropic.claude-3-5-sonnet-20241022-v2:0`, `gemini/gemini-2.0-flash`); undefined when
 * the model is not in the table, never a guess from a similar name.
 */
export function lookupBuiltinPrice(providerModel: string): ModelPrice | undefined {
  return BUILTIN_PRICES.get(builtinPriceKey(providerModel));
}
