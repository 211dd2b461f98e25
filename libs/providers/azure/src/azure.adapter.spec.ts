import { exampleTarget } from '@gatehouse/providers-core';
import { GatewayFailure } from '@gatehouse/errors';
import { DeploymentTarget } from '@gatehouse/providers-core';
import { azureAdapter } from './azure.adapter';

const target: DeploymentTarget = {
  id: 'd1',
  provider: 'azure',
  providerModel: 'gpt-4o-eu',
  apiBase: 'https://res.openai.azure.com/',
  apiKey: 'azure-key',
  dropParams: false,
  timeouts: { requestMs: 1000, idleMs: 1000 },
  params: {},
};
function catching(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

const chat = { model: 'alias', messages: [{ role: 'user' as const, content: 'hi' }] };

describe('azureAdapter requests', () => {
  it.each([
    ['default version', {}, 'chat', '/openai/deployments/gpt-4o-eu/chat/completions?api-version=2024-10-21'],
    [
      'configured version',
      { api_version: '2025-01-01-preview' },
      'chat',
      '/chat/completions?api-version=2025-01-01-preview',
    ],
    ['embeddings', {}, 'embed', '/openai/deployments/gpt-4o-eu/embeddings?api-version=2024-10-21'],
  ])('builds the deployment URL (%s)', (_, params, kind, suffix) => {
    const t = { ...target, params };
    const built =
      kind === 'chat'
        ? azureAdapter.buildChatRequest(chat, t)
        : azureAdapter.buildEmbeddingRequest({ model: 'alias', input: 'x' }, t);
    expect(built.url.startsWith('https://res.openai.azure.com/openai/deployments/gpt-4o-eu/')).toBe(true);
    expect(built.url.endsWith(suffix)).toBe(true);
  });

  it.each([
    ['an api key', {}, { 'api-key': 'azure-key' }, ['authorization']],
    ['an Entra ID token', { azure_ad_token: 'entra-token' }, { authorization: 'Bearer entra-token' }, ['api-key']],
  ])('authenticates with %s', (_, params, present, absent) => {
    const { headers } = azureAdapter.buildChatRequest(chat, { ...target, params });
    expect(headers).toMatchObject(present);
    for (const name of absent) expect(headers).not.toHaveProperty(name);
  });

  it('keeps the OpenAI body, reasoning-model token limits included', () => {
    const built = azureAdapter.buildChatRequest(
      { ...chat, max_tokens: 10, stream: true },
      { ...target, providerModel: 'o3-mini' },
    );
    expect(JSON.parse(built.body)).toEqual({
      model: 'o3-mini',
      messages: chat.messages,
      max_completion_tokens: 10,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('refuses a deployment without api_base', () => {
    expect(() => azureAdapter.buildChatRequest(chat, { ...target, apiBase: '' })).toThrow(GatewayFailure);
  });
});

describe('azureAdapter responses and errors', () => {
  const completion = (finish: string, content: string | null) => ({
    status: 200,
    headers: {},
    body: {
      id: 'c',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4o',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finish }],
      usage: { prompt_tokens: 3, completion_tokens: 0, total_tokens: 3 },
    },
  });

  it('turns an answer removed by the output filter into content_policy', () => {
    const failure = catching(() => azureAdapter.parseChatResponse(completion('content_filter', null), exampleTarget()));
    expect(failure).toBeInstanceOf(GatewayFailure);
    expect(failure).toMatchObject({ kind: 'content_policy', details: { code: 'content_filter' } });
    expect(
      azureAdapter.parseChatResponse(completion('stop', 'ok'), exampleTarget()).completion.choices[0].message.content,
    ).toBe('ok');
  });

  it.each([
    [400, { error: { code: 'content_filter', message: 'filtered', param: 'prompt', status: 400 } }, 'content_policy'],
    [400, { error: { code: 'context_length_exceeded', message: 'too long' } }, 'context_window_exceeded'],
    [401, { error: { code: '401', message: 'Access denied due to invalid subscription key' } }, 'authentication'],
    [404, { error: { code: 'DeploymentNotFound', message: 'no such deployment' } }, 'not_found'],
    [429, { error: { code: '429', message: 'Requests ... exceeded' } }, 'rate_limited'],
    [500, { error: { code: 'InternalServerError', message: 'oops' } }, 'upstream'],
  ])('maps %i %j to %s', (status, body, kind) => {
    expect(azureAdapter.mapError({ status, headers: {}, body }).kind).toBe(kind);
  });
});
