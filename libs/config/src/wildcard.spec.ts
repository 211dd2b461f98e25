import { ConfigError } from './config-error';
import { parseGatewayConfig } from './gateway-config';
import { ModelPattern, wildcardProviderModel } from './wildcard';

describe('ModelPattern', () => {
  it('matches the whole name, each * standing for one or more characters', () => {
    expect(new ModelPattern('openai/*').match('openai/gpt-4o-mini')).toEqual(['gpt-4o-mini']);
    expect(new ModelPattern('*').match('anthropic/claude-3-5-sonnet')).toEqual(['anthropic/claude-3-5-sonnet']);
    expect(new ModelPattern('fo::*::static::*').match('fo::bar::static::baz')).toEqual(['bar', 'baz']);
    expect(new ModelPattern('openai/*').match('openai/')).toBeUndefined();
    expect(new ModelPattern('*-mini').match('gpt-4o-mini-high')).toBeUndefined();
    expect(new ModelPattern('openai/*').match('azure/gpt-4o')).toBeUndefined();
  });

  it('takes everything but * literally', () => {
    expect(new ModelPattern('meta.llama3-*').match('metaXllama3-70b')).toBeUndefined();
    expect(new ModelPattern('(a|b)*').match('(a|b)c')).toEqual(['c']);
  });

  it('orders the most specific first: more literal characters, then fewer wildcards, then config order', () => {
    const names = ['*', 'anthropic/*', 'a*b*', 'ab*', 'anthropic/claude-*', 'x*'];
    const sorted = names.map((name) => new ModelPattern(name)).sort(ModelPattern.bySpecificity);
    expect(sorted.map((p) => p.pattern)).toEqual(['anthropic/claude-*', 'anthropic/*', 'ab*', 'a*b*', 'x*', '*']);
  });
});

describe('wildcardProviderModel', () => {
  const provider = (providerModel: string, name = 'openai') => ({ provider: name, providerModel });

  it('fills the provider model with what model_name matched', () => {
    expect(wildcardProviderModel(new ModelPattern('openai/*'), provider('*'), 'openai/gpt-4o-mini')).toBe(
      'gpt-4o-mini',
    );
    const claude = new ModelPattern('anthropic/claude-*');
    expect(wildcardProviderModel(claude, provider('claude-*', 'anthropic'), 'anthropic/claude-3-5-sonnet')).toBe(
      'claude-3-5-sonnet',
    );
    const engine = new ModelPattern('llmengine/*');
    expect(wildcardProviderModel(engine, provider('*'), 'llmengine/meta-llama/Llama-3-8b')).toBe(
      'meta-llama/Llama-3-8b',
    );
    expect(wildcardProviderModel(new ModelPattern('a/*/b/*'), provider('x-*-y-*'), 'a/1/b/2')).toBe('x-1-y-2');
  });

  it('sends any requested model under *, less a prefix naming the deployment’s own provider', () => {
    const any = new ModelPattern('*');
    expect(wildcardProviderModel(any, provider('*'), 'gpt-4o')).toBe('gpt-4o');
    expect(wildcardProviderModel(any, provider('*'), 'openai/gpt-4o')).toBe('gpt-4o');
    // Another provider's prefix is part of the name an OpenAI-compatible server may use.
    expect(wildcardProviderModel(any, provider('*'), 'anthropic/claude-3')).toBe('anthropic/claude-3');
    expect(wildcardProviderModel(any, provider('prefix-*'), 'openai/gpt-4o')).toBe('prefix-openai/gpt-4o');
  });

  it('sends a provider model without * as written', () => {
    expect(wildcardProviderModel(new ModelPattern('claude-*'), provider('claude-3-5-haiku'), 'claude-x')).toBe(
      'claude-3-5-haiku',
    );
  });

  it('is undefined for a request the pattern does not match', () => {
    expect(wildcardProviderModel(new ModelPattern('openai/*'), provider('*'), 'gpt-4o')).toBeUndefined();
  });
});

describe('wildcard deployments in config', () => {
  const parse = (entries: string) => parseGatewayConfig(`model_list:\n${entries}`, 'config.yaml', {});
  const problems = (entries: string) => {
    try {
      parse(entries);
      return [];
    } catch (error) {
      return (error as ConfigError).issues.map((issue) => `${issue.location}: ${issue.message}`);
    }
  };

  it('loads the wildcard routes of LiteLLM’s docs', () => {
    const config = parse(`  - { model_name: "*", litellm_params: { model: "openai/*" } }
  - { model_name: "openai/*", litellm_params: { model: "openai/*" } }
  - { model_name: "anthropic/claude-*", litellm_params: { model: "anthropic/claude-*" } }
  - { model_name: "*", litellm_params: { model: "*", custom_llm_provider: hosted_vllm } }
`);
    expect(config.deployments.map((d) => [d.modelName, d.provider, d.providerModel])).toEqual([
      ['*', 'openai', '*'],
      ['openai/*', 'openai', '*'],
      ['anthropic/claude-*', 'anthropic', 'claude-*'],
      ['*', 'hosted_vllm', '*'],
    ]);
  });

  it('refuses a wildcard model without a provider, naming the entry', () => {
    expect(problems(`  - { model_name: "*", litellm_params: { model: "*" } }\n`)).toEqual([
      'model_list[0].litellm_params.model: "*" names no provider: Gatehouse does not take the provider from each request; write e.g. "openai/*"',
    ]);
  });

  it('refuses a provider model with * that model_name cannot fill', () => {
    expect(
      problems(`  - { model_name: gpt-4, litellm_params: { model: "openai/*" } }
  - { model_name: "*meta.llama3*", litellm_params: { model: "bedrock/meta.llama3*" } }
  - { model_name: "*", litellm_params: { model: "openai/gpt-4o" } }
`),
    ).toEqual([
      'model_list[0].litellm_params.model: "openai/*" has 1 "*" but model_name "gpt-4" has 0; each "*" is filled from model_name\'s, so give it none or as many',
      'model_list[1].litellm_params.model: "bedrock/meta.llama3*" has 1 "*" but model_name "*meta.llama3*" has 2; each "*" is filled from model_name\'s, so give it none or as many',
    ]);
  });
});
