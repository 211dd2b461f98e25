import { exampleTarget } from '@gatehouse/providers-core';
import { GatewayFailure } from '@gatehouse/errors';
import { ChatRequest, DeploymentTarget, EmbeddingRequest, TokenUsage } from '@gatehouse/providers-core';
import { cohereAdapter } from './cohere.adapter';
import { fromCohereFinishReason } from './cohere.response';
import requests from './fixtures/chat-requests.json';
import responses from './fixtures/chat-responses.json';
import errors from './fixtures/errors.json';

const target: DeploymentTarget = {
  id: 'd1',
  provider: 'cohere',
  providerModel: 'command-a-03-2025',
  apiBase: 'http://upstream.test/',
  apiKey: 'co-secret-key',
  dropParams: false,
  timeouts: { requestMs: 1000, idleMs: 1000 },
  params: {},
};

function failureOf(run: () => unknown): GatewayFailure {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayFailure) return error;
    throw error;
  }
  throw new Error('expected a GatewayFailure');
}

const chat = (extra: Partial<ChatRequest>): ChatRequest => ({
  model: 'alias',
  messages: [{ role: 'user', content: 'hi' }],
  ...extra,
});

describe('cohereAdapter chat requests', () => {
  it.each(requests.map((c) => [c.name, c] as const))('translates %s', (_name, { openai, cohere }) => {
    const built = cohereAdapter.buildChatRequest(openai as ChatRequest, target);
    expect(JSON.parse(built.body)).toEqual(cohere);
  });

  it('posts to /v2/chat with the bearer key, and to the public API when no api_base is set', () => {
    const built = cohereAdapter.buildChatRequest(chat({}), target);
    expect(built).toMatchObject({ method: 'POST', url: 'http://upstream.test/v2/chat', dropped: [] });
    expect(built.headers).toMatchObject({ authorization: 'Bearer co-secret-key', accept: 'application/json' });
    const streamed = cohereAdapter.buildChatRequest(chat({ stream: true }), { ...target, apiBase: '' });
    expect(streamed.url).toBe('https://api.cohere.com/v2/chat');
    expect(streamed.headers.accept).toBe('text/event-stream');
  });

  it.each([
    ['logprobs', { logprobs: true }],
    ['n', { n: 2 }],
    ['parallel_tool_calls', { parallel_tool_calls: false }],
    ['user', { user: 'u-1' }],
  ])('refuses %s naming it, or drops it under drop_params', (param, extra) => {
    expect(failureOf(() => cohereAdapter.buildChatRequest(chat(extra), target)).details.param).toBe(param);
    const built = cohereAdapter.buildChatRequest(chat(extra), { ...target, dropParams: true });
    expect(built.dropped).toEqual([param]);
    expect(JSON.parse(built.body)).not.toHaveProperty(param);
  });

  it.each([
    ['the function role', chat({ messages: [{ role: 'function', name: 'f', content: 'x' }] }), 'messages'],
    ['a tool message without its call id', chat({ messages: [{ role: 'tool', content: 'x' }] }), 'messages'],
    ['an audio part', chat({ messages: [{ role: 'user', content: [{ type: 'input_audio' }] }] }), 'messages'],
    [
      'an image in a system message',
      chat({ messages: [{ role: 'system', content: [{ type: 'image_url' }] }] }),
      'messages',
    ],
    ['no messages', chat({ messages: [] }), 'messages'],
    ['a tool that is not a function', chat({ tools: [{ type: 'web_search' }] }), 'tools'],
    ['tool_choice without tools', chat({ tool_choice: 'required' }), 'tool_choice'],
    [
      'a named tool that is not offered',
      chat({
        tools: [{ type: 'function', function: { name: 'a' } }],
        tool_choice: { type: 'function', function: { name: 'b' } },
      }),
      'tool_choice',
    ],
    ['a json_schema without a schema', chat({ response_format: { type: 'json_schema' } }), 'response_format'],
  ])('refuses %s with a 400', (_name, request, param) => {
    const failure = failureOf(() => cohereAdapter.buildChatRequest(request, target));
    expect(failure.kind).toBe('bad_request');
    expect(failure.details.param).toBe(param);
  });
});

describe('cohereAdapter chat responses', () => {
  it.each(responses.map((c) => [c.name, c] as const))('translates %s', (_name, fixture) => {
    const { completion, usage } = cohereAdapter.parseChatResponse(
      { status: 200, headers: {}, body: fixture.cohere },
      exampleTarget(),
    );
    expect(completion).toMatchObject({ id: fixture.cohere.id, object: 'chat.completion', model: 'example-model' });
    expect(completion.choices).toEqual([{ index: 0, message: fixture.message, finish_reason: fixture.finish_reason }]);
    expect(usage).toEqual(fixture.usage);
    expect(completion.usage).toEqual({
      prompt_tokens: fixture.usage.promptTokens,
      completion_tokens: fixture.usage.completionTokens,
      total_tokens: fixture.usage.totalTokens,
    });
  });

  it.each([
    ['COMPLETE', 'stop'],
    ['STOP_SEQUENCE', 'stop'],
    ['MAX_TOKENS', 'length'],
    ['ERROR_LIMIT', 'length'],
    ['TOOL_CALL', 'tool_calls'],
    ['ERROR_TOXIC', 'content_filter'],
    ['SOMETHING_NEW', 'stop'],
  ])('maps finish reason %s to %s', (reason, expected) => {
    expect(fromCohereFinishReason(reason)).toBe(expected);
  });

  it.each([
    ['ERROR', 'upstream'],
    ['TIMEOUT', 'timeout'],
  ])('turns finish reason %s into a %s failure', (reason, kind) => {
    const failure = failureOf(() =>
      cohereAdapter.parseChatResponse(
        {
          status: 200,
          headers: {},
          body: { id: 'x', finish_reason: reason, message: { role: 'assistant', content: [] } },
        },
        exampleTarget(),
      ),
    );
    expect(failure.kind).toBe(kind);
    expect(failure.details.upstreamStatus).toBe(200);
  });

  it('says so when a 200 body is not a Cohere answer', () => {
    const failure = failureOf(() =>
      cohereAdapter.parseChatResponse({ status: 200, headers: {}, body: 'oops' }, exampleTarget()),
    );
    expect(failure.kind).toBe('upstream');
  });
});

describe('cohereAdapter errors', () => {
  it.each(errors.map((c) => [c.status, c.kind, c] as const))('maps HTTP %i to %s', (status, kind, fixture) => {
    const headers: Record<string, string> = 'headers' in fixture && fixture.headers ? fixture.headers : {};
    const failure = cohereAdapter.mapError({ status, headers, body: fixture.body });
    expect(failure.kind).toBe(kind);
    expect(failure.details.upstreamStatus).toBe(status);
    if ('message' in fixture) expect(failure.message).toBe(fixture.message);
    if ('retryAfterSeconds' in fixture) expect(failure.details.retryAfterSeconds).toBe(fixture.retryAfterSeconds);
  });

  it('never puts the key in a failure', () => {
    const failure = cohereAdapter.mapError({ status: 401, headers: {}, body: { message: 'invalid api token' } });
    expect(JSON.stringify({ ...failure, message: failure.message })).not.toContain(target.apiKey);
  });
});

describe('cohereAdapter embeddings', () => {
  const embed = (extra: Partial<EmbeddingRequest>): EmbeddingRequest => ({ model: 'e', input: 'alpha', ...extra });

  it('sends texts with an input type and float embeddings to /v2/embed', () => {
    const built = cohereAdapter.buildEmbeddingRequest(embed({ input: ['alpha', 'beta'], dimensions: 256 }), {
      ...target,
      providerModel: 'embed-v4.0',
    });
    expect(built.url).toBe('http://upstream.test/v2/embed');
    expect(JSON.parse(built.body)).toEqual({
      model: 'embed-v4.0',
      texts: ['alpha', 'beta'],
      input_type: 'search_document',
      embedding_types: ['float'],
      output_dimension: 256,
    });
  });

  it('takes input_type from the request, else from the deployment', () => {
    const fromParams = cohereAdapter.buildEmbeddingRequest(embed({}), {
      ...target,
      params: { input_type: 'search_query' },
    });
    expect(JSON.parse(fromParams.body)).toMatchObject({ texts: ['alpha'], input_type: 'search_query' });
    const fromRequest = cohereAdapter.buildEmbeddingRequest(embed({ input_type: 'classification' }), target);
    expect(JSON.parse(fromRequest.body)).toMatchObject({ input_type: 'classification' });
  });

  it('refuses token arrays and unsupported fields', () => {
    expect(failureOf(() => cohereAdapter.buildEmbeddingRequest(embed({ input: [1, 2] }), target)).details.param).toBe(
      'input',
    );
    expect(failureOf(() => cohereAdapter.buildEmbeddingRequest(embed({ user: 'u' }), target)).details.param).toBe(
      'user',
    );
  });

  it('answers in OpenAI form with billed input tokens', () => {
    const { embedding, usage } = cohereAdapter.parseEmbeddingResponse(
      {
        status: 200,
        headers: {},
        body: {
          id: 'e-1',
          embeddings: {
            float: [
              [0.1, 0.2],
              [0.3, 0.4],
            ],
          },
          texts: ['alpha', 'beta'],
          meta: { billed_units: { input_tokens: 4 }, tokens: { input_tokens: 6 } },
        },
      },
      exampleTarget(),
    );
    expect(embedding).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.1, 0.2] },
        { object: 'embedding', index: 1, embedding: [0.3, 0.4] },
      ],
      model: 'example-model',
      usage: { prompt_tokens: 4, total_tokens: 4 },
    });
    expect(usage).toEqual<TokenUsage>({
      promptTokens: 4,
      completionTokens: 0,
      totalTokens: 4,
      cachedPromptTokens: 0,
      reasoningTokens: 0,
    });
  });

  it('fails clearly when no float embeddings came back', () => {
    const failure = failureOf(() =>
      cohereAdapter.parseEmbeddingResponse(
        { status: 200, headers: {}, body: { id: 'e', embeddings: {} } },
        exampleTarget(),
      ),
    );
    expect(failure.kind).toBe('upstream');
  });
});
