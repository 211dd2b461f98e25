import { parseGatewayConfig } from '@gatehouse/config';
import { priceBookFrom } from './edge-config';
import { DEFAULT_MAX_OUTPUT_TOKENS, PriceBook } from './price-book';

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

// Config prices are dollars per token: 0.000004 is $4 per million tokens.
const CONFIG = `model_list:
  - model_name: chat
    model_info: { id: openai-4o }
    litellm_params: { model: openai/gpt-4o }
  - model_name: chat
    model_info: { id: bedrock-sonnet }
    litellm_params: { model: bedrock/us.anthropic.claude-3-5-sonnet-20241022-v2:0 }
  - model_name: chat
    model_info: { id: priced-in-config, input_cost_per_token: 0.000004, max_output_tokens: 100000 }
    litellm_params: { model: openai/gpt-4o-mini }
  - model_name: azure-chat
    model_info: { id: azure, base_model: azure/gpt-4.1-mini }
    litellm_params: { model: azure/prod-deployment-7 }
  - model_name: local
    model_info: { id: local-free, input_cost_per_token: 0, output_cost_per_token: 0 }
    litellm_params: { model: openai/llama-3-8b, api_base: "http://vllm:8000/v1" }
  - model_name: mystery
    model_info: { id: mystery, max_tokens: 2048 }
    litellm_params: { model: openai/house-model, api_base: "http://house:8000/v1" }
  - model_name: half
    model_info: { id: half, input_cost_per_token: 0.000001 }
    litellm_params: { model: openai/house-model, api_base: "http://half:8000/v1" }
  - model_name: embed
    model_info: { id: embed, mode: embedding, input_cost_per_token: 0.0000001 }
    litellm_params: { model: openai/house-embedder, api_base: "http://house:8000/v1" }
`;

describe('priceBookFrom', () => {
  const book = priceBookFrom(parseGatewayConfig(CONFIG, 'config.yaml', {}));
  const oneMillion = usage(1_000_000, 1_000_000);

  it('prices a deployment from the built-in table by its provider model', () => {
    expect(book.costMicroUsd('openai-4o', oneMillion)).toBe(2_500_000 + 10_000_000);
    expect(book.costMicroUsd('bedrock-sonnet', oneMillion)).toBe(3_000_000 + 15_000_000);
  });

  it('lets config win, price by price, over the built-in table', () => {
    // Input from config ($4); gpt-4o-mini's output ($0.60) from the table.
    expect(book.costMicroUsd('priced-in-config', oneMillion)).toBe(4_000_000 + 600_000);
    expect(book.costMicroUsd('local-free', oneMillion)).toBe(0);
  });

  it('looks an Azure deployment up by model_info.base_model, as LiteLLM does', () => {
    expect(book.costMicroUsd('azure', oneMillion)).toBe(400_000 + 1_600_000);
  });

  it('bills an unpriced deployment at 0 and reports it and what it lacks', () => {
    expect(book.costMicroUsd('mystery', oneMillion)).toBe(0);
    expect(book.costMicroUsd('half', oneMillion)).toBe(1_000_000);
    expect(book.unpriced()).toEqual([
      { deploymentId: 'mystery', modelName: 'mystery', model: 'openai/house-model', missing: ['input', 'output'] },
      { deploymentId: 'half', modelName: 'half', model: 'openai/house-model', missing: ['output'] },
    ]);
  });

  it('takes the dearest input, the dearest output and the longest reply across a model group', () => {
    // gpt-4o 2.5/10 (16,384), Claude 3.5 Sonnet 3/15 (8,192), gpt-4o-mini with config input 4 (100,000).
    expect(book.worstCase('chat')).toEqual({
      inputPerMillion: 4_000_000,
      outputPerMillion: 15_000_000,
      maxOutputTokens: 100_000,
    });
  });

  it('reads the output cap from config, else the built-in table, else the default', () => {
    expect(book.worstCase('mystery')?.maxOutputTokens).toBe(2_048);
    expect(book.worstCase('azure-chat')?.maxOutputTokens).toBe(32_768);
    expect(book.worstCase('half')?.maxOutputTokens).toBe(DEFAULT_MAX_OUTPUT_TOKENS);
  });

  it('needs no output price or cap for an embedding deployment', () => {
    expect(book.worstCase('embed')).toEqual({
      inputPerMillion: 100_000,
      outputPerMillion: 0,
      maxOutputTokens: 0,
    });
    expect(book.unpriced().map((entry) => entry.deploymentId)).not.toContain('embed');
  });

  it('has no worst case for a model with no deployments', () => {
    expect(book.worstCase('nope')).toBeUndefined();
  });
});
