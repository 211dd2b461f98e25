import { ConfigError } from './config-error';
import { parseGatewayConfig } from './gateway-config';
import { EDGE_ENV, LITELLM_CONFIG } from './gateway-config.fixture';
import { resolveSecrets } from './resolve-secrets';
import { Secret } from './secret';

function parseError(text: string, env: NodeJS.ProcessEnv = {}): ConfigError {
  try {
    parseGatewayConfig(text, 'config.yaml', env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseGatewayConfig with a LiteLLM config', () => {
  const config = parseGatewayConfig(LITELLM_CONFIG, 'config.yaml', EDGE_ENV);

  it('derives provider and provider model from each deployment', () => {
    expect(config.deployments.map((d) => [d.modelName, d.provider, d.providerModel])).toEqual([
      ['gpt-4o', 'openai', 'gpt-4o'],
      ['gpt-4o', 'azure', 'gpt-4o-eu'],
      ['claude-3-5-sonnet', 'anthropic', 'claude-3-5-sonnet-20240620'],
      ['bedrock-claude', 'bedrock', 'anthropic.claude-3-sonnet-20240229-v1:0'],
      ['llama3', 'ollama', 'llama3'],
      ['gpt-3.5-turbo', 'openai', 'gpt-3.5-turbo'],
    ]);
  });

  it('types known litellm_params and keeps unknown keys as written', () => {
    const [openai, azure, , , ollama] = config.deployments;
    expect(openai.params).toMatchObject({ rpm: 480, timeout: 300, stream_timeout: 60 });
    expect(azure.params).toMatchObject({ api_version: '2024-02-15-preview', tpm: 100000 });
    expect(ollama.params.keep_alive).toBe('5m');
    expect(config.deployments[5].info).toEqual({
      id: 'legacy-turbo',
      mode: 'chat',
      max_tokens: 4096,
      supports_vision: false,
    });
  });

  it('resolves os.environ/ references in non-secret fields at load', () => {
    expect(config.deployments[1].params.api_base).toBe('https://eu.openai.azure.com');
    expect(config.routerSettings.redis_host).toBe('redis');
  });

  it('keeps secret fields as Secrets even when their variables are unset here', () => {
    const apiKey = config.deployments[0].params.api_key;
    expect(apiKey).toBeInstanceOf(Secret);
    expect(apiKey?.from).toEqual({ kind: 'env', name: 'OPENAI_API_KEY' });
    expect(config.deployments[3].params.aws_secret_access_key?.from).toEqual({
      kind: 'aws_secret',
      secretId: 'prod/bedrock',
      jsonKey: 'secret_access_key',
    });
    expect(config.generalSettings.master_key?.from).toEqual({ kind: 'env', name: 'LITELLM_MASTER_KEY' });
  });

  it('raises a missing variable only when the secret is resolved, naming path and variable', async () => {
    await expect(config.deployments[0].params.api_key?.resolve()).rejects.toThrow(
      /model_list\[0\]\.litellm_params\.api_key: environment variable OPENAI_API_KEY is not set/,
    );
  });

  it('moves prices out of model_info and litellm_params into exact integer pricing', () => {
    expect(config.deployments[0].pricing).toEqual({
      inputPerMillionTokens: 2_500_000,
      outputPerMillionTokens: 10_000_000,
      cacheReadPerMillionTokens: 1_250_000,
    });
    expect(config.deployments[5].pricing).toEqual({ inputPerMillionTokens: 500_000 });
    expect(config.deployments[0].info).not.toHaveProperty('input_cost_per_token');
    expect(config.deployments[5].params).not.toHaveProperty('input_cost_per_token');
  });

  it('reads the settings sections, guardrails, gatehouse and unknown sections', () => {
    expect(config.routerSettings).toMatchObject({
      routing_strategy: 'usage-based-routing-v2',
      num_retries: 2,
      fallbacks: [{ 'gpt-4o': ['claude-3-5-sonnet'] }],
    });
    expect(config.litellmSettings).toMatchObject({
      drop_params: true,
      request_timeout: 600,
      success_callback: ['langfuse'],
    });
    expect(config.guardrails).toEqual([
      {
        guardrail_name: 'bedrock-pre-guard',
        litellm_params: {
          guardrail: 'bedrock',
          mode: ['during_call'],
          guardrailIdentifier: 'ff6ujrregl1q',
          guardrailVersion: 'DRAFT',
        },
      },
    ]);
    expect(config.gatehouse).toEqual({
      spool_dir: '/var/lib/gatehouse',
      budgets: { reservation_ceiling_usd: 1, reservation_lease_seconds: 600, on_redis_error: 'closed' },
      rate_limits: { on_redis_error: 'open' },
      cache: { namespace_by: 'team', memory_max_mb: 256, semantic_max_entries: 10_000 },
      guardrails: { stream_window_chars: 200 },
    });
    expect(config.otherSections).toEqual({ environment_variables: { LANGFUSE_HOST: 'https://cloud.langfuse.com' } });
  });

  it('uses model_info.id when given and a deterministic hash otherwise', () => {
    const again = parseGatewayConfig(LITELLM_CONFIG, 'elsewhere.yaml', {
      ...EDGE_ENV,
      AZURE_API_BASE: 'https://other',
    });
    expect(config.deployments[5].id).toBe('legacy-turbo');
    expect(config.deployments[0].id).toMatch(/^[0-9a-f]{16}$/);
    expect(again.deployments.map((d) => d.id)).toEqual(config.deployments.map((d) => d.id));
    expect(new Set(config.deployments.map((d) => d.id)).size).toBe(config.deployments.length);
  });

  it('lets a service that needs every secret fail fast, listing each missing one', async () => {
    const error = await resolveSecrets(config.deployments).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((issue) => issue.location)).toEqual([
      'model_list[0].litellm_params.api_key',
      'model_list[1].litellm_params.api_key',
      'model_list[2].litellm_params.api_key',
      'model_list[3].litellm_params.aws_access_key_id',
      'model_list[3].litellm_params.aws_secret_access_key',
    ]);
  });
});

describe('parseGatewayConfig deployment ids', () => {
  const entry = (name: string, model: string) =>
    `  - model_name: ${name}\n    litellm_params:\n      model: ${model}\n`;

  it('distinguishes identical entries by their position among same-named ones only', () => {
    const a = parseGatewayConfig(`model_list:\n${entry('m', 'openai/x')}${entry('m', 'openai/x')}`, 'a', {});
    const b = parseGatewayConfig(
      `model_list:\n${entry('other', 'openai/y')}${entry('m', 'openai/x')}${entry('m', 'openai/x')}`,
      'b',
      {},
    );
    expect(a.deployments[0].id).not.toBe(a.deployments[1].id);
    expect(b.deployments.slice(1).map((d) => d.id)).toEqual(a.deployments.map((d) => d.id));
  });

  it('rejects a duplicated model_info.id', () => {
    const text = `model_list:\n${entry('a', 'x')}    model_info: { id: same }\n${entry('b', 'y')}    model_info: { id: same }\n`;
    expect(parseError(text).issues).toEqual([
      { location: 'model_list[1].model_info.id', message: 'deployment id "same" is already used by model_list[0]' },
    ]);
  });
});

describe('parseGatewayConfig errors', () => {
  it('lists every problem with its path, not just the first', () => {
    const error = parseError(`
model_list:
  - model_name: ok
    litellm_params:
      model: openai/gpt-4o
      rpm: lots
  - model_name: no-model
    litellm_params:
      api_base: ftp://example.com
  - model_name: bad-prefix
    litellm_params:
      model: /gpt-4o
      api_base: os.environ/MISSING_BASE
router_settings:
  routing_strategy: fastest
litellm_settings:
  drop_params: maybe
`);
    expect(error.issues.map((issue) => issue.location)).toEqual([
      'model_list[2].litellm_params.api_base',
      'model_list[0].litellm_params.rpm',
      'model_list[1].litellm_params.model',
      'model_list[1].litellm_params.api_base',
      'model_list[2].litellm_params.model',
      'router_settings.routing_strategy',
      'litellm_settings.drop_params',
    ]);
    expect(error.message).toContain('Invalid gateway config config.yaml (7 problems):');
    expect(error.message).toContain(
      '  - model_list[2].litellm_params.api_base: environment variable MISSING_BASE is not set',
    );
    expect(error.message).toContain('  - model_list[1].litellm_params.model: is required');
    expect(error.message).toContain('  - model_list[0].litellm_params.rpm: expected number, got string');
    expect(error.message).toContain('  - model_list[2].litellm_params.model: "/gpt-4o" has an empty provider prefix');
  });

  it('names the path of a price that cannot be represented exactly', () => {
    const error = parseError(
      'model_list:\n  - model_name: m\n    litellm_params: { model: x }\n    model_info: { input_cost_per_token: -1 }\n',
    );
    expect(error.issues).toEqual([
      {
        location: 'model_list[0].model_info.input_cost_per_token',
        message: '"-1" is not a non-negative decimal price',
      },
    ]);
  });

  it('rejects aws_secret/ outside secret fields and malformed references', () => {
    const error = parseError(
      'model_list:\n  - model_name: m\n    litellm_params:\n      model: x\n      api_base: aws_secret/base\n      api_key: os.environ/\n',
    );
    expect(error.issues).toEqual([
      {
        location: 'model_list[0].litellm_params.api_base',
        message: expect.stringContaining('only allowed in secret fields') as string,
      },
      { location: 'model_list[0].litellm_params.api_key', message: '"os.environ/" is not a valid variable name' },
    ]);
  });

  it('reports YAML syntax errors with line and column', () => {
    const error = parseError('model_list:\n  - model_name: a\n    litellm_params: [unclosed\nrouter_settings: {}\n');
    expect(error.message).toMatch(/^Invalid YAML in gateway config config\.yaml/);
    expect(error.issues[0].location).toMatch(/^line \d+, column \d+$/);
  });

  it('reports a duplicated key as a YAML error', () => {
    const error = parseError('router_settings:\n  num_retries: 1\n  num_retries: 2\n');
    expect(error.issues).toEqual([{ location: 'line 3, column 3', message: 'Map keys must be unique' }]);
  });

  it('rejects a file whose top level is not a mapping', () => {
    expect(parseError('- a\n- b\n').issues).toEqual([{ location: '(root)', message: 'expected object, got a list' }]);
  });
});

describe('parseGatewayConfig YAML compatibility', () => {
  it('accepts an empty file', () => {
    expect(parseGatewayConfig('', 'empty.yaml', {}).deployments).toEqual([]);
  });

  it('follows merge keys, treats empty values as unset, and reads strings from env as numbers and booleans', () => {
    const config = parseGatewayConfig(
      `
defaults: &defaults
  timeout: os.environ/TIMEOUT
  api_base:
model_list:
  - model_name: m
    litellm_params:
      <<: *defaults
      model: openai/gpt-4o
litellm_settings:
  drop_params: yes
`,
      'c',
      { TIMEOUT: '45' },
    );
    expect(config.deployments[0].params).toEqual({ model: 'openai/gpt-4o', timeout: 45 });
    expect(config.litellmSettings.drop_params).toBe(true);
  });
});

describe('gatehouse governance settings', () => {
  it('reads the reservation ceiling and Redis failure policies', () => {
    const config = parseGatewayConfig(
      'gatehouse:\n  budgets: { reservation_ceiling_usd: "0.25", on_redis_error: open }\n  rate_limits: { on_redis_error: closed }\n',
      'config.yaml',
      {},
    );
    expect(config.gatehouse.budgets).toEqual({
      reservation_ceiling_usd: 0.25,
      reservation_lease_seconds: 600,
      on_redis_error: 'open',
    });
    expect(config.gatehouse.rate_limits.on_redis_error).toBe('closed');
  });

  it('names the path of a bad policy', () => {
    expect(() => parseGatewayConfig('gatehouse:\n  budgets: { on_redis_error: maybe }\n', 'config.yaml', {})).toThrow(
      /gatehouse\.budgets\.on_redis_error/,
    );
  });
});

describe('response cache settings', () => {
  it("reads LiteLLM's cache_params", () => {
    const config = parseGatewayConfig(
      'litellm_settings:\n  cache: true\n  cache_params:\n    type: redis\n    ttl: "30"\n    mode: default_off\n    supported_call_types: [acompletion]\n',
      'config.yaml',
      {},
    );
    expect(config.litellmSettings.cache).toBe(true);
    expect(config.litellmSettings.cache_params).toMatchObject({
      type: 'redis',
      ttl: 30,
      mode: 'default_off',
      supported_call_types: ['acompletion'],
    });
  });

  it('refuses a cache type Gatehouse does not run, naming it and what it does run', () => {
    expect(() =>
      parseGatewayConfig('litellm_settings:\n  cache: true\n  cache_params: { type: s3 }\n', 'config.yaml', {}),
    ).toThrow(/litellm_settings\.cache_params\.type: cache type 's3' is not supported; use one of local, redis/);
  });

  it('reads the semantic cache settings, and needs a threshold for them', () => {
    const config = parseGatewayConfig(
      'litellm_settings:\n  cache: true\n  cache_params: { type: redis-semantic, similarity_threshold: "0.9", redis_semantic_cache_embedding_model: embedder }\n',
      'config.yaml',
      {},
    );
    expect(config.litellmSettings.cache_params).toMatchObject({
      similarity_threshold: 0.9,
      redis_semantic_cache_embedding_model: 'embedder',
    });
    expect(config.gatehouse.cache.semantic_max_entries).toBe(10_000);
    expect(() =>
      parseGatewayConfig('litellm_settings:\n  cache_params: { type: redis-semantic }\n', 'config.yaml', {}),
    ).toThrow(/cache_params\.similarity_threshold: redis-semantic needs a similarity_threshold/);
    expect(() =>
      parseGatewayConfig(
        'litellm_settings:\n  cache_params: { type: redis-semantic, similarity_threshold: 1.5 }\n',
        'config.yaml',
        {},
      ),
    ).toThrow(/similarity_threshold/);
  });

  it('refuses another semantic cache, naming the one offered, and a call type it cannot cache', () => {
    const attempt = () =>
      parseGatewayConfig(
        'litellm_settings:\n  cache_params: { type: qdrant-semantic, supported_call_types: [atranscription] }\n',
        'config.yaml',
        {},
      );
    expect(attempt).toThrow(/cache type 'qdrant-semantic' is not supported \(the semantic cache is redis-semantic\)/);
    expect(attempt).toThrow(/cache_params\.supported_call_types\[0\]/);
  });

  it('refuses a guardrail mode it does not run and guardrail switches of the wrong type, naming where', () => {
    const guarded = (params: string) =>
      parseGatewayConfig(
        `guardrails:\n  - guardrail_name: g\n    litellm_params: { guardrail: deny_list, terms: [x], ${params} }\n`,
        'config.yaml',
        {},
      );
    expect(guarded('mode: [pre_call, during_call], fail_open: true, timeout: 2').guardrails[0].litellm_params).toEqual(
      expect.objectContaining({ mode: ['pre_call', 'during_call'], fail_open: true, timeout: 2 }),
    );
    expect(guarded('mode: post_call').guardrails[0].litellm_params.mode).toEqual(['post_call']);
    expect(() => guarded('mode: [pre_call, logging_only]')).toThrow(
      /guardrails\[0\]\.litellm_params\.mode\[1\].*"logging_only" is not one this gateway runs/,
    );
    expect(() => guarded('fail_open: sometimes')).toThrow(/guardrails\[0\]\.litellm_params\.fail_open/);
    expect(() => guarded('timeout: -1')).toThrow(/guardrails\[0\]\.litellm_params\.timeout/);
    expect(() =>
      parseGatewayConfig('gatehouse:\n  guardrails: { stream_window_chars: 0 }\n', 'config.yaml', {}),
    ).toThrow(/gatehouse\.guardrails\.stream_window_chars/);
  });
});
