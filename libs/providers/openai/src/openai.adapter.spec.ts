import { exampleTarget } from '@gatehouse/providers-core';
import { DeploymentTarget } from '@gatehouse/providers-core';
import { openAiAdapter } from './openai.adapter';

const target: DeploymentTarget = {
  id: 'd1',
  provider: 'openai',
  providerModel: 'gpt-4o-2024-08-06',
  apiBase: 'http://upstream.test/v1/',
  apiKey: 'sk-upstream',
  dropParams: false,
  timeouts: { requestMs: 1000, idleMs: 1000 },
  params: { organization: 'org-1' },
};

describe('openAiAdapter requests', () => {
  it('sends the provider model to the chat endpoint with the deployment key', () => {
    const built = openAiAdapter.buildChatRequest(
      { model: 'alias', messages: [{ role: 'user', content: 'hi' }] },
      target,
    );
    expect(built.url).toBe('http://upstream.test/v1/chat/completions');
    expect(built.headers.authorization).toBe('Bearer sk-upstream');
    expect(built.headers['openai-organization']).toBe('org-1');
    expect(JSON.parse(built.body)).toEqual({ model: 'gpt-4o-2024-08-06', messages: [{ role: 'user', content: 'hi' }] });
  });

  it.each([
    ['o3-mini', { max_tokens: 50 }, { max_completion_tokens: 50 }],
    ['gpt-5', { max_tokens: 50, max_completion_tokens: 20 }, { max_completion_tokens: 20 }],
    ['o1', { max_completion_tokens: 30 }, { max_completion_tokens: 30 }],
    ['gpt-4o', { max_tokens: 50 }, { max_tokens: 50 }],
  ])('gives reasoning model %s max_completion_tokens instead of max_tokens', (model, limits, expected) => {
    const built = openAiAdapter.buildChatRequest(
      { model: 'alias', messages: [{ role: 'user', content: 'hi' }], ...limits },
      { ...target, providerModel: model },
    );
    expect(JSON.parse(built.body)).toEqual({ model, messages: [{ role: 'user', content: 'hi' }], ...expected });
  });

  it('passes reasoning_effort and reasoning_content through unchanged', () => {
    const history = { role: 'assistant' as const, content: 'a', reasoning_content: 'thought' };
    const built = openAiAdapter.buildChatRequest(
      { model: 'alias', messages: [history], reasoning_effort: 'low' },
      { ...target, providerModel: 'o3-mini' },
    );
    expect(JSON.parse(built.body)).toMatchObject({ messages: [history], reasoning_effort: 'low' });
    const parsed = openAiAdapter.parseChatResponse(
      {
        status: 200,
        headers: {},
        body: {
          id: 'c',
          object: 'chat.completion',
          created: 1,
          model: 'm',
          choices: [
            { index: 0, message: { role: 'assistant', content: 'x', reasoning_content: 'why' }, finish_reason: 'stop' },
          ],
        },
      },
      exampleTarget(),
    );
    expect(parsed.completion.choices[0].message.reasoning_content).toBe('why');
    const step = openAiAdapter.createStreamParser(exampleTarget()).push(
      JSON.stringify({
        id: 'c',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'm',
        choices: [{ index: 0, delta: { reasoning_content: 'hm' }, finish_reason: null }],
      }),
    );
    expect(step.chunks[0].choices[0].delta.reasoning_content).toBe('hm');
  });

  it('always asks a stream for usage, keeping the client stream options', () => {
    const built = openAiAdapter.buildChatRequest(
      { model: 'alias', messages: [], stream: true, stream_options: { include_usage: false } },
      target,
    );
    expect((JSON.parse(built.body) as { stream_options: unknown }).stream_options).toEqual({ include_usage: true });
  });

  it('reads usage from a completion, including cached and reasoning tokens', () => {
    const { usage } = openAiAdapter.parseChatResponse(
      {
        status: 200,
        headers: {},
        body: {
          id: 'c',
          object: 'chat.completion',
          created: 1,
          model: 'm',
          choices: [],
          usage: {
            prompt_tokens: 10,
            completion_tokens: 4,
            total_tokens: 14,
            prompt_tokens_details: { cached_tokens: 6 },
            completion_tokens_details: { reasoning_tokens: 2 },
          },
        },
      },
      exampleTarget(),
    );
    expect(usage).toEqual({
      promptTokens: 10,
      completionTokens: 4,
      totalTokens: 14,
      cachedPromptTokens: 6,
      reasoningTokens: 2,
    });
  });
});

describe('openAiAdapter stream parser', () => {
  it('passes content chunks, takes out the usage-only chunk, and ends on [DONE]', () => {
    const parser = openAiAdapter.createStreamParser(exampleTarget());
    const content = parser.push(
      JSON.stringify({
        id: 'c',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'm',
        choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: null }],
        usage: null,
      }),
    );
    expect(content.chunks).toHaveLength(1);
    expect(content.chunks[0]).not.toHaveProperty('usage');
    const usage = parser.push(
      JSON.stringify({
        id: 'c',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'm',
        choices: [],
        usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
      }),
    );
    expect(usage.chunks).toEqual([]);
    expect(usage.usage?.totalTokens).toBe(5);
    expect(parser.push('[DONE]')).toEqual({ chunks: [], done: true });
  });
});

describe('openAiAdapter errors', () => {
  it.each([
    [400, {}, 'bad_request'],
    [400, { code: 'context_length_exceeded' }, 'context_window_exceeded'],
    [400, { code: 'content_policy_violation' }, 'content_policy'],
    [401, {}, 'authentication'],
    [403, {}, 'permission_denied'],
    [404, {}, 'not_found'],
    [408, {}, 'timeout'],
    [429, {}, 'rate_limited'],
    [500, {}, 'upstream'],
    [502, {}, 'upstream'],
    [503, {}, 'unavailable'],
    [504, {}, 'timeout'],
  ])('maps HTTP %i %j to %s', (status, extra, kind) => {
    const failure = openAiAdapter.mapError({ status, headers: {}, body: { error: { message: 'why', ...extra } } });
    expect(failure.kind).toBe(kind);
    expect(failure.details.upstreamStatus).toBe(status);
  });

  it('passes retry-after on and keeps the provider message for client errors', () => {
    const failure = openAiAdapter.mapError({
      status: 429,
      headers: { 'retry-after': '12' },
      body: { error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } },
    });
    expect(failure.message).toBe('Rate limit reached');
    expect(failure.details.retryAfterSeconds).toBe(12);
  });

  it('says which status a server error had even without a body', () => {
    const failure = openAiAdapter.mapError({ status: 500, headers: {}, body: 'Internal Server Error' });
    expect(failure.kind).toBe('upstream');
    expect(failure.message).toBe('upstream returned 500');
  });
});
