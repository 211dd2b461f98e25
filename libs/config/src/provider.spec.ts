import { splitProviderModel } from './provider';

describe('splitProviderModel', () => {
  it.each([
    ['openai/gpt-4o', 'openai', 'gpt-4o'],
    ['anthropic/claude-3-5-sonnet-20240620', 'anthropic', 'claude-3-5-sonnet-20240620'],
    ['bedrock/anthropic.claude-3-sonnet-20240229-v1:0', 'bedrock', 'anthropic.claude-3-sonnet-20240229-v1:0'],
    ['bedrock/converse/us.amazon.nova-pro-v1:0', 'bedrock', 'converse/us.amazon.nova-pro-v1:0'],
    ['hosted_vllm/meta-llama/Llama-3.1-8B-Instruct', 'hosted_vllm', 'meta-llama/Llama-3.1-8B-Instruct'],
    ['gpt-3.5-turbo', 'openai', 'gpt-3.5-turbo'],
  ])('splits %s into %s + %s', (model, provider, providerModel) => {
    expect(splitProviderModel(model)).toEqual({ ok: true, provider, providerModel });
  });

  it('lets custom_llm_provider override the prefix', () => {
    expect(splitProviderModel('meta-llama/Llama-3-8b', 'openai')).toEqual({
      ok: true,
      provider: 'openai',
      providerModel: 'meta-llama/Llama-3-8b',
    });
    expect(splitProviderModel('openai/my-model', 'openai')).toEqual({
      ok: true,
      provider: 'openai',
      providerModel: 'my-model',
    });
  });

  it('rejects an empty provider or model part', () => {
    expect(splitProviderModel('/gpt-4o')).toEqual({ ok: false, problem: '"/gpt-4o" has an empty provider prefix' });
    expect(splitProviderModel('openai/')).toEqual({
      ok: false,
      problem: '"openai/" names no model after the provider prefix',
    });
  });
});
