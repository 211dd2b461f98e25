import { requestDefaults, withDefaults } from './request-defaults';

describe('requestDefaults', () => {
  it('keeps the request parameters of litellm_params and leaves connection settings out', () => {
    const params = {
      model: 'openai/gpt-4o',
      api_key: 'sk-secret',
      timeout: 30,
      rpm: 60,
      tags: ['paid'],
      temperature: 0,
      max_completion_tokens: 1_000,
      stop: ['###'],
      response_format: { type: 'json_object' },
      seed: 7,
    };
    expect(requestDefaults(params)).toEqual({
      temperature: 0,
      max_completion_tokens: 1_000,
      stop: ['###'],
      response_format: { type: 'json_object' },
      seed: 7,
    });
  });

  it('leaves out what the provider adapters would send as body fields OpenAI refuses', () => {
    const params = { tool_choice: 'auto', extra_headers: { 'x-team': 'a' }, extra_body: { top_k: 5 } };
    expect(requestDefaults(params)).toBeUndefined();
  });

  it('is undefined for a deployment without any', () => {
    expect(requestDefaults({ model: 'openai/gpt-4o', api_base: 'http://vllm:8000/v1' })).toBeUndefined();
  });
});

describe('withDefaults', () => {
  const request = { model: 'chat', messages: [], temperature: 1 };

  it('fills what the request does not set, never overriding what it does', () => {
    expect(withDefaults(request, { temperature: 0, max_tokens: 256 })).toEqual({ ...request, max_tokens: 256 });
  });

  it('lets an explicit null in the request stand, as LiteLLM merges the request over the params', () => {
    expect(withDefaults({ ...request, max_tokens: null }, { max_tokens: 256 })).toMatchObject({ max_tokens: null });
  });

  it('returns the same request when it adds nothing, and leaves the original untouched when it does', () => {
    expect(withDefaults(request, undefined)).toBe(request);
    expect(withDefaults(request, { temperature: 0 })).toBe(request);
    withDefaults(request, { seed: 1 });
    expect(request).not.toHaveProperty('seed');
  });
});
