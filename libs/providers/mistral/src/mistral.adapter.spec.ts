import { GatewayFailure } from '@gatehouse/errors';
import { DeploymentTarget } from '@gatehouse/providers-core';
import { mistralAdapter } from './mistral.adapter';

const target: DeploymentTarget = {
  id: 'd1',
  provider: 'mistral',
  providerModel: 'mistral-large-latest',
  apiBase: 'https://api.mistral.ai/v1',
  apiKey: 'mistral-key',
  dropParams: false,
  timeouts: { requestMs: 1000, idleMs: 1000 },
  params: {},
};
const messages = [{ role: 'user' as const, content: 'hi' }];
const sent = (extra: Record<string, unknown>, t = target) =>
  JSON.parse(mistralAdapter.buildChatRequest({ model: 'alias', messages, ...extra }, t).body) as Record<
    string,
    unknown
  >;

describe('mistralAdapter chat requests', () => {
  it('posts to /chat/completions with a bearer key and the provider model', () => {
    const built = mistralAdapter.buildChatRequest({ model: 'alias', messages }, target);
    expect(built.url).toBe('https://api.mistral.ai/v1/chat/completions');
    expect(built.headers.authorization).toBe('Bearer mistral-key');
    expect(JSON.parse(built.body)).toEqual({ model: 'mistral-large-latest', messages });
  });

  it.each([
    ['seed', { seed: 7 }, { random_seed: 7 }],
    ['max_completion_tokens', { max_completion_tokens: 20 }, { max_tokens: 20 }],
    ['max_tokens', { max_tokens: 20 }, { max_tokens: 20 }],
    ['tool_choice required', { tools: [], tool_choice: 'required' }, { tools: [], tool_choice: 'any' }],
    ['tool_choice auto', { tools: [], tool_choice: 'auto' }, { tools: [], tool_choice: 'auto' }],
    ['stream_options', { stream: true, stream_options: { include_usage: true } }, { stream: true }],
    ['safe_prompt', { safe_prompt: true }, { safe_prompt: true }],
    ['response_format', { response_format: { type: 'json_object' } }, { response_format: { type: 'json_object' } }],
    ['n', { n: 2 }, { n: 2 }],
  ])('translates %s', (_, given, expected) => {
    expect(sent(given)).toEqual({ model: 'mistral-large-latest', messages, ...expected });
  });

  it.each(['logprobs', 'user', 'logit_bias', 'reasoning_effort'])('refuses %s, naming it', (param) => {
    let failure: unknown;
    try {
      sent({ [param]: 'x' });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(GatewayFailure);
    expect(failure).toMatchObject({ kind: 'bad_request', details: { param, code: 'unsupported_parameter' } });
  });

  it('drops what it cannot send under drop_params, and lists it', () => {
    const built = mistralAdapter.buildChatRequest(
      { model: 'alias', messages, user: 'u1', logprobs: true },
      { ...target, dropParams: true },
    );
    expect(built.dropped).toEqual(['user', 'logprobs']);
    expect(JSON.parse(built.body)).toEqual({ model: 'mistral-large-latest', messages });
  });
});

describe('mistralAdapter embeddings', () => {
  it('maps dimensions to output_dimension', () => {
    const built = mistralAdapter.buildEmbeddingRequest({ model: 'alias', input: ['a'], dimensions: 256 }, target);
    expect(built.url).toBe('https://api.mistral.ai/v1/embeddings');
    expect(JSON.parse(built.body)).toEqual({ model: 'mistral-large-latest', input: ['a'], output_dimension: 256 });
  });
});

describe('mistralAdapter errors', () => {
  it.each([
    [401, { object: 'error', message: 'Unauthorized', type: 'invalid_request_error', code: null }, 'authentication'],
    [422, { object: 'error', message: { detail: [{ msg: 'Extra inputs are not permitted' }] } }, 'bad_request'],
    [
      400,
      {
        object: 'error',
        message: 'Prompt contains 40000 tokens, too large for model with 32768 maximum context length',
      },
      'context_window_exceeded',
    ],
    [429, { object: 'error', message: 'Requests rate limit exceeded' }, 'rate_limited'],
    [500, { error: { message: 'nested like OpenAI' } }, 'upstream'],
  ])('maps %i %j to %s', (status, body, kind) => {
    const failure = mistralAdapter.mapError({ status, headers: {}, body });
    expect(failure).toBeInstanceOf(GatewayFailure);
    expect(failure.kind).toBe(kind);
  });

  it('keeps the validation detail readable', () => {
    const failure = mistralAdapter.mapError({
      status: 422,
      headers: {},
      body: { object: 'error', message: { detail: [{ msg: 'Extra inputs are not permitted' }] } },
    });
    expect(failure.message).toContain('Extra inputs are not permitted');
  });
});
