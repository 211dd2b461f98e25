import { builtinPriceKey } from './builtin-price-key';
import { lookupBuiltinPrice } from './builtin-prices';

describe('builtinPriceKey', () => {
  it.each([
    ['gpt-4o', 'gpt-4o'],
    ['openai/gpt-4o', 'gpt-4o'],
    ['azure/gpt-4.1-mini', 'gpt-4.1-mini'],
    ['OpenAI/GPT-4o-Mini', 'gpt-4o-mini'],
    ['gemini/gemini-2.0-flash', 'gemini-2.0-flash'],
    ['vertex_ai/gemini-1.5-pro-002', 'gemini-1.5-pro'],
    ['bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0', 'claude-3-5-sonnet-20241022'],
    ['bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0', 'claude-3-7-sonnet-20250219'],
    ['bedrock/converse/eu.anthropic.claude-sonnet-4-20250514-v1:0', 'claude-sonnet-4-20250514'],
    ['apac.anthropic.claude-3-haiku-20240307-v1:0:200k', 'claude-3-haiku-20240307'],
    ['vertex_ai/claude-3-5-sonnet-v2@20241022', 'claude-3-5-sonnet-20241022'],
    ['vertex_ai/claude-opus-4@20250514', 'claude-opus-4-20250514'],
    ['bedrock/amazon.titan-embed-text-v2:0', 'amazon.titan-embed-text-v2'],
    ['bedrock/us.amazon.nova-pro-v1:0', 'amazon.nova-pro-v1'],
    ['bedrock/meta.llama3-70b-instruct-v1:0', 'meta.llama3-70b-instruct-v1'],
  ])('keys %s as %s', (model, key) => {
    expect(builtinPriceKey(model)).toBe(key);
  });
});

describe('lookupBuiltinPrice', () => {
  it('prices well-known models in integer micro-dollars per million tokens', () => {
    expect(lookupBuiltinPrice('gpt-4o')).toEqual({
      inputPerMillion: 2_500_000,
      outputPerMillion: 10_000_000,
      maxOutputTokens: 16_384,
    });
    expect(lookupBuiltinPrice('anthropic/claude-opus-4-20250514')).toEqual({
      inputPerMillion: 15_000_000,
      outputPerMillion: 75_000_000,
      maxOutputTokens: 32_000,
    });
    expect(lookupBuiltinPrice('text-embedding-3-small')).toEqual({
      inputPerMillion: 20_000,
      outputPerMillion: 0,
      maxOutputTokens: 0,
    });
  });

  it('prices an alias, its snapshot and the same model on another cloud alike', () => {
    const sonnet = lookupBuiltinPrice('claude-3-5-sonnet-latest');
    expect(sonnet?.inputPerMillion).toBe(3_000_000);
    expect(lookupBuiltinPrice('claude-3-5-sonnet-20241022')).toBe(sonnet);
    expect(lookupBuiltinPrice('bedrock/us.anthropic.claude-3-5-sonnet-20241022-v2:0')).toBe(sonnet);
    expect(lookupBuiltinPrice('vertex_ai/claude-3-5-sonnet-v2@20241022')).toBe(sonnet);
  });

  it('keeps snapshots and versions that are priced differently apart', () => {
    expect(lookupBuiltinPrice('gpt-4o-2024-05-13')?.inputPerMillion).toBe(5_000_000);
    expect(lookupBuiltinPrice('gpt-4o-2024-08-06')?.inputPerMillion).toBe(2_500_000);
    expect(lookupBuiltinPrice('bedrock/amazon.titan-embed-text-v1')?.inputPerMillion).toBe(100_000);
    expect(lookupBuiltinPrice('bedrock/amazon.titan-embed-text-v2:0')?.inputPerMillion).toBe(20_000);
  });

  it.each([
    'openai/gpt-4o',
    'gpt-4o-mini',
    'gpt-4.1',
    'gpt-4.1-mini',
    'gpt-4.1-nano',
    'o1',
    'o3',
    'o3-mini',
    'o4-mini',
    'gpt-3.5-turbo',
    'text-embedding-3-large',
    'text-embedding-ada-002',
    'anthropic/claude-3-haiku-20240307',
    'anthropic/claude-3-5-haiku-latest',
    'anthropic/claude-3-7-sonnet-latest',
    'anthropic/claude-sonnet-4-0',
    'anthropic/claude-opus-4-0',
    'bedrock/amazon.nova-micro-v1:0',
    'bedrock/amazon.nova-lite-v1:0',
    'bedrock/meta.llama3-8b-instruct-v1:0',
    'gemini/gemini-1.5-flash',
    'gemini/gemini-2.5-flash',
    'gemini/gemini-2.5-pro',
    'mistral/mistral-large-latest',
    'mistral/mistral-small-latest',
    'mistral/open-mistral-nemo',
    'mistral/mistral-embed',
    'cohere/command-r',
    'cohere/command-r-plus',
    'cohere/command-a-03-2025',
    'cohere/embed-english-v3.0',
  ])('has a whole, positive input price for %s', (model) => {
    const price = lookupBuiltinPrice(model);
    expect(price).toBeDefined();
    expect(Number.isSafeInteger(price?.inputPerMillion) && (price?.inputPerMillion ?? 0) > 0).toBe(true);
    expect(Number.isSafeInteger(price?.outputPerMillion)).toBe(true);
    expect(Number.isSafeInteger(price?.maxOutputTokens)).toBe(true);
  });

  it.each([
    'my-azure-deployment',
    'ollama/llama3:70b',
    'gpt-4o-2099-01-01',
    'ft:gpt-4o-mini-2024-07-18:acme::abc123',
    'bedrock/mistral.mistral-large-2402-v1:0',
    'bedrock/cohere.command-r-v1:0',
    'gemini/gemini-2.5-flash-preview-04-17',
    '',
  ])('does not guess a price for %j', (model) => {
    expect(lookupBuiltinPrice(model)).toBeUndefined();
  });
});
