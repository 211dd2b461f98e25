import { ConfigError, parseGatewayConfig } from '@gatehouse/config';
import { MAX_MEMOISED_MODELS, ModelCatalog } from './model-catalog';
import { costMicroUsd, DEFAULT_MAX_OUTPUT_TOKENS } from './pricing';

const usage = (promptTokens: number, completionTokens: number) => ({
  promptTokens,
  completionTokens,
  totalTokens: promptTokens + completionTokens,
  cachedPromptTokens: 0,
  reasoningTokens: 0,
});

describe('costMicroUsd', () => {
  // $2.50 and $10.00 per million tokens, as integer micro-dollars per million.
  const price = { inputPerMillion: 2_500_000, outputPerMillion: 10_000_000, maxOutputTokens: 0 };

  it('prices a call in integer micro-dollars, rounding once', () => {
    expect(costMicroUsd(price, usage(1_000, 500))).toBe(7_500);
    expect(costMicroUsd(price, usage(3, 5))).toBe(Math.round(3 * 2.5 + 5 * 10));
    expect(costMicroUsd(price, usage(1, 0))).toBe(3);
  });

  it('stays exact where floating point would drift', () => {
    // 0.1 + 0.2-style drift would show at this scale if prices were floats.
    expect(costMicroUsd(price, usage(123_456_789, 0))).toBe(308_641_973);
  });

  it('costs nothing for a failed call without a deployment', () => {
    expect(costMicroUsd(undefined, usage(10, 10))).toBe(0);
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

describe('ModelCatalog.fromConfig', () => {
  const catalog = ModelCatalog.fromConfig(parseGatewayConfig(CONFIG, 'config.yaml', {}), 0);
  const oneMillion = usage(1_000_000, 1_000_000);
  const cost = (id: string) => costMicroUsd(catalog.deployment(id)?.price, oneMillion);
  const cap = (id: string) => catalog.deployment(id)?.price.maxOutputTokens;

  it('prices a deployment from the built-in table by its provider model', () => {
    expect(cost('openai-4o')).toBe(2_500_000 + 10_000_000);
    expect(cost('bedrock-sonnet')).toBe(3_000_000 + 15_000_000);
  });

  it('lets config win, price by price, over the built-in table', () => {
    // Input from config ($4); gpt-4o-mini's output ($0.60) from the table.
    expect(cost('priced-in-config')).toBe(4_000_000 + 600_000);
    expect(cost('local-free')).toBe(0);
  });

  it('looks an Azure deployment up by model_info.base_model, as LiteLLM does', () => {
    expect(cost('azure')).toBe(400_000 + 1_600_000);
  });

  it('bills an unpriced deployment at 0 and reports it and what it lacks', () => {
    expect(cost('mystery')).toBe(0);
    expect(cost('half')).toBe(1_000_000);
    expect(catalog.unpriced).toEqual([
      { deploymentId: 'mystery', modelName: 'mystery', model: 'openai/house-model', missing: ['input', 'output'] },
      { deploymentId: 'half', modelName: 'half', model: 'openai/house-model', missing: ['output'] },
    ]);
  });

  it('groups deployments under the model names clients ask for, in config order', () => {
    expect(catalog.names()).toEqual(['chat', 'azure-chat', 'local', 'mystery', 'half', 'embed']);
    expect(catalog.deploymentsFor('chat').map((d) => d.id)).toEqual([
      'openai-4o',
      'bedrock-sonnet',
      'priced-in-config',
    ]);
    expect(catalog.has('nope')).toBe(false);
    expect(catalog.deploymentsFor('nope')).toEqual([]);
  });

  it('prices each deployment of a group on its own, so a reservation is priced on the one chosen', () => {
    // gpt-4o 2.5/10 (16,384), Claude 3.5 Sonnet 3/15 (8,192), gpt-4o-mini with config input 4 (100,000).
    expect(catalog.deployment('openai-4o')?.price).toEqual({
      inputPerMillion: 2_500_000,
      outputPerMillion: 10_000_000,
      maxOutputTokens: 16_384,
    });
    expect(catalog.deployment('bedrock-sonnet')?.price.outputPerMillion).toBe(15_000_000);
    expect(cap('priced-in-config')).toBe(100_000);
  });

  it('reads the output cap from config, else the built-in table, else the default', () => {
    expect(cap('mystery')).toBe(2_048);
    expect(cap('azure')).toBe(32_768);
    expect(cap('half')).toBe(DEFAULT_MAX_OUTPUT_TOKENS);
  });

  it('needs no output price or cap for an embedding deployment', () => {
    expect(catalog.deployment('embed')?.price).toEqual({
      inputPerMillion: 100_000,
      outputPerMillion: 0,
      maxOutputTokens: 0,
    });
    expect(catalog.unpriced.map((entry) => entry.deploymentId)).not.toContain('embed');
  });
});

describe('ModelCatalog deployments', () => {
  const catalog = ModelCatalog.fromConfig(
    parseGatewayConfig(
      `model_list:
  - model_name: tuned
    model_info: { id: tuned, max_input_tokens: 128000 }
    litellm_params:
      model: openai/gpt-4o
      temperature: 0.2
      max_tokens: 512
      api_key: sk-not-a-default
      rpm: 60
      tags: [paid]
  - model_name: plain
    model_info: { id: plain }
    litellm_params: { model: openai/gpt-4o }
`,
      'config.yaml',
      {},
    ),
    0,
  );

  it('carries request defaults, the context window and tags from config, and nothing when none is set', () => {
    expect(catalog.deployment('tuned')).toMatchObject({
      defaults: { temperature: 0.2, max_tokens: 512 },
      maxInputTokens: 128_000,
      tags: ['paid'],
    });
    const plain = catalog.deployment('plain');
    expect([plain?.defaults, plain?.maxInputTokens, plain?.tags]).toEqual([undefined, undefined, undefined]);
  });
});

const GROUPS = `model_list:
  - model_name: "*"
    model_info: { id: any }
    litellm_params: { model: "openai/*" }
  - model_name: "openai/*"
    model_info: { id: openai-any }
    litellm_params: { model: "openai/*" }
  - model_name: "anthropic/claude-*"
    model_info: { id: claude-any }
    litellm_params: { model: "anthropic/claude-*" }
  - model_name: "anthropic/*"
    model_info: { id: anthropic-fixed }
    litellm_params: { model: anthropic/claude-3-5-haiku-20241022 }
  - model_name: openai/gpt-4o
    model_info: { id: pinned }
    litellm_params: { model: azure/prod-4o, api_base: "https://example.openai.azure.com" }
router_settings:
  model_group_alias:
    fast: openai/gpt-4o-mini
    pinned-alias: { model: openai/gpt-4o, hidden: true }
    plain: "anthropic/claude-3-5-sonnet-20241022"
`;

describe('ModelCatalog.resolve', () => {
  const catalog = ModelCatalog.fromConfig(parseGatewayConfig(GROUPS, 'config.yaml', {}), 0);
  const served = (model: string) => catalog.resolve(model)?.deployments.map((d) => [d.id, d.provider, d.providerModel]);

  it('lets an exact model_name win over every pattern', () => {
    expect(catalog.resolve('openai/gpt-4o')?.name).toBe('openai/gpt-4o');
    expect(served('openai/gpt-4o')).toEqual([['pinned', 'azure', 'prod-4o']]);
  });

  it('picks the most specific pattern and fills the provider model from what its * matched', () => {
    expect(catalog.resolve('openai/gpt-4o-mini')?.name).toBe('openai/*');
    expect(served('openai/gpt-4o-mini')).toEqual([['openai-any', 'openai', 'gpt-4o-mini']]);
    expect(catalog.resolve('anthropic/claude-3-5-sonnet-20241022')?.name).toBe('anthropic/claude-*');
    expect(served('anthropic/claude-3-5-sonnet-20241022')).toEqual([
      ['claude-any', 'anthropic', 'claude-3-5-sonnet-20241022'],
    ]);
    expect(served('anthropic/other')).toEqual([['anthropic-fixed', 'anthropic', 'claude-3-5-haiku-20241022']]);
  });

  it('sends anything else to the * deployment by its requested name', () => {
    expect(catalog.resolve('gpt-4.1')).toMatchObject({ name: '*', model: 'gpt-4.1' });
    expect(served('gpt-4.1')).toEqual([['any', 'openai', 'gpt-4.1']]);
    expect(served('o3-mini')).toEqual([['any', 'openai', 'o3-mini']]);
  });

  it('prices a wildcard deployment by the model it resolved to', () => {
    const price = (model: string) => catalog.resolve(model)?.deployments[0].price;
    expect(price('openai/gpt-4o-mini')).toEqual({
      inputPerMillion: 150_000,
      outputPerMillion: 600_000,
      maxOutputTokens: 16_384,
    });
    expect(price('gpt-4.1')?.inputPerMillion).toBe(2_000_000);
    expect(price('anthropic/claude-3-5-sonnet-20241022')?.outputPerMillion).toBe(15_000_000);
  });

  it('serves no model a wildcard matches but nothing prices: it would be billed at nothing', () => {
    expect(catalog.resolve('house-model')).toMatchObject({ name: '*', deployments: [] });
  });

  it('resolves an alias to its model group, wildcards included', () => {
    expect(catalog.resolve('fast')).toMatchObject({ name: 'openai/*', model: 'openai/gpt-4o-mini' });
    expect(served('fast')).toEqual([['openai-any', 'openai', 'gpt-4o-mini']]);
    expect(catalog.resolve('pinned-alias')).toMatchObject({ name: 'openai/gpt-4o', model: 'openai/gpt-4o' });
  });

  it('lists model groups and visible aliases, not patterns or hidden aliases', () => {
    expect(catalog.listedNames()).toEqual(['openai/gpt-4o', 'fast', 'plain']);
    expect(catalog.names()).toEqual(['*', 'openai/*', 'anthropic/claude-*', 'anthropic/*', 'openai/gpt-4o']);
  });

  it('answers a repeated model from memory, and stays bounded however many names clients invent', () => {
    const first = catalog.resolve('openai/gpt-4o-mini');
    expect(catalog.resolve('openai/gpt-4o-mini')).toBe(first);
    for (let i = 0; i <= MAX_MEMOISED_MODELS; i++) catalog.resolve(`invented-${i}`);
    const again = catalog.resolve('openai/gpt-4o-mini');
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it('resolves nothing for a model no name or pattern serves', () => {
    const exactOnly = ModelCatalog.fromConfig(parseGatewayConfig(CONFIG, 'config.yaml', {}), 0);
    expect(exactOnly.resolve('nope')).toBeUndefined();
    expect(exactOnly.resolve('chat')?.deployments).toBe(exactOnly.deploymentsFor('chat'));
  });

  it('refuses at start an alias to a model nothing serves, naming it', () => {
    const config = parseGatewayConfig(
      `model_list:
  - { model_name: chat, litellm_params: { model: openai/gpt-4o } }
router_settings:
  model_group_alias:
    gpt-4: chat
    gpt-5: { model: gpt-5-preview, hidden: true }
    twice: gpt-4
`,
      'config.yaml',
      {},
    );
    expect(() => ModelCatalog.fromConfig(config, 0)).toThrow(ConfigError);
    expect(() => ModelCatalog.fromConfig(config, 0)).toThrow(
      [
        'Invalid gateway config config.yaml (2 problems):',
        '  - router_settings.model_group_alias["gpt-5"]: "gpt-5-preview" is not a model_name, nor matched by a wildcard one',
        '  - router_settings.model_group_alias["twice"]: "gpt-4" is not a model_name, nor matched by a wildcard one',
      ].join('\n'),
    );
  });
});
