import { GatewayFailure } from '@gatehouse/errors';
import { ChatRequest, DeploymentTarget } from '@gatehouse/providers-core';
import { anthropicAdapter, messagesUrl } from './anthropic.adapter';
import { DEFAULT_MAX_TOKENS, toAnthropicRequest } from './anthropic.request';
import translateTools from './fixtures/translate-tools.json';

const target: DeploymentTarget = {
  id: 'd1',
  provider: 'anthropic',
  providerModel: 'claude-sonnet-4-5-20250929',
  apiBase: '',
  apiKey: 'sk-ant-test',
  dropParams: false,
  timeouts: { requestMs: 1000, idleMs: 1000 },
  params: {},
};

const ask = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'alias',
  messages: [{ role: 'user', content: 'hi' }],
  ...extra,
});

const body = (request: ChatRequest, on: Partial<DeploymentTarget> = {}) =>
  toAnthropicRequest(request, { ...target, ...on }).body as unknown as Record<string, unknown>;

function failure(run: () => unknown): GatewayFailure {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayFailure) return error;
    throw error;
  }
  throw new Error('expected a GatewayFailure');
}

describe('anthropicAdapter.buildChatRequest', () => {
  it('posts to /v1/messages with the key, the API version and the provider model', () => {
    const built = anthropicAdapter.buildChatRequest(ask(), target);
    expect(built.method).toBe('POST');
    expect(built.url).toBe('https://api.anthropic.com/v1/messages');
    expect(built.headers).toMatchObject({
      'x-api-key': 'sk-ant-test',
      'anthropic-version': '2023-06-01',
      'content-type': 'application/json',
    });
    expect(built.headers).not.toHaveProperty('authorization');
    expect(JSON.parse(built.body)).toEqual({
      model: 'claude-sonnet-4-5-20250929',
      max_tokens: DEFAULT_MAX_TOKENS,
      messages: [{ role: 'user', content: 'hi' }],
    });
  });

  it.each([
    ['https://proxy.test/anthropic', 'https://proxy.test/anthropic/v1/messages'],
    ['https://proxy.test/anthropic/', 'https://proxy.test/anthropic/v1/messages'],
    ['https://proxy.test/v1/messages', 'https://proxy.test/v1/messages'],
  ])('takes api_base %s as the origin of %s', (apiBase, url) => {
    expect(messagesUrl({ apiBase })).toBe(url);
  });

  it('translates a tool round trip exactly as the fixture records', () => {
    expect(body(translateTools.openai as ChatRequest)).toEqual(translateTools.anthropic);
  });

  it('leaves out fields a client set to null', () => {
    const nulls = {
      temperature: null,
      top_p: null,
      stop: null,
      tools: null,
      tool_choice: null,
      user: null,
      max_tokens: null,
    };
    expect(body(ask(nulls))).toEqual(body(ask()));
  });

  it('streams only when asked', () => {
    expect(body(ask({ stream: true, stream_options: { include_usage: true } }))).toMatchObject({ stream: true });
    expect(body(ask({ stream: false }))).not.toHaveProperty('stream');
  });

  it('takes max_tokens from max_completion_tokens first, then max_tokens', () => {
    expect(body(ask({ max_tokens: 50 })).max_tokens).toBe(50);
    expect(body(ask({ max_tokens: 50, max_completion_tokens: 70 })).max_tokens).toBe(70);
  });

  it('keeps a single plain system message as a string, and parts with cache_control as blocks', () => {
    const plain = body({
      model: 'm',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'x' },
      ],
    });
    expect(plain.system).toBe('Be brief.');
    const cached = body({
      model: 'm',
      messages: [
        { role: 'system', content: 'A long policy', cache_control: { type: 'ephemeral' } },
        { role: 'user', content: [{ type: 'text', text: 'doc', cache_control: { type: 'ephemeral', ttl: '1h' } }] },
      ],
    });
    expect(cached.system).toEqual([{ type: 'text', text: 'A long policy', cache_control: { type: 'ephemeral' } }]);
    expect(cached.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'doc', cache_control: { type: 'ephemeral', ttl: '1h' } }] },
    ]);
  });

  it('sends images as base64 or URL sources', () => {
    const sent = body(
      ask({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'compare' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
            ],
          },
        ],
      }),
    );
    expect(sent.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'compare' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
        ],
      },
    ]);
  });

  it('sends an inline PDF file part as a document', () => {
    const sent = body(
      ask({
        messages: [
          {
            role: 'user',
            content: [{ type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } }],
          },
        ],
      }),
    );
    expect(sent.messages).toEqual([
      {
        role: 'user',
        content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } }],
      },
    ]);
  });

  it.each([
    ['required', { type: 'any' }],
    ['none', { type: 'none' }],
    ['auto', { type: 'auto' }],
    [
      { type: 'function', function: { name: 'get_weather' } },
      { type: 'tool', name: 'get_weather' },
    ],
  ])('maps tool_choice %j to %j', (choice, expected) => {
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }];
    expect(body(ask({ tools, tool_choice: choice })).tool_choice).toEqual(expected);
  });

  it('turns parallel_tool_calls: false into disable_parallel_tool_use, except with tool_choice none', () => {
    const tools = [{ type: 'function', function: { name: 't' } }];
    expect(body(ask({ tools, parallel_tool_calls: false })).tool_choice).toEqual({
      type: 'auto',
      disable_parallel_tool_use: true,
    });
    expect(body(ask({ tools, tool_choice: 'none', parallel_tool_calls: false })).tool_choice).toEqual({ type: 'none' });
    expect(body(ask({ tools: [{ type: 'function', function: { name: 't' } }] })).tools).toEqual([
      { name: 't', input_schema: { type: 'object', properties: {} } },
    ]);
  });

  it('parses tool-call arguments into input, and refuses arguments that are not a JSON object', () => {
    const withArgs = (args: string) =>
      ask({
        messages: [
          { role: 'user', content: 'q' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'c1', type: 'function', function: { name: 't', arguments: args } }],
          },
          { role: 'tool', tool_call_id: 'c1', content: 'r' },
        ],
      });
    expect((body(withArgs('')).messages as { content: unknown }[])[1].content).toEqual([
      { type: 'tool_use', id: 'c1', name: 't', input: {} },
    ]);
    expect(failure(() => body(withArgs('[1,2]'))).details.param).toBe('messages[1].tool_calls[0].function.arguments');
    expect(failure(() => body(withArgs('{oops'))).kind).toBe('bad_request');
  });

  it('hands thinking blocks back before the text and tool calls of an assistant turn', () => {
    const thinking = [{ type: 'thinking', thinking: 'hmm', signature: 'sig' }];
    const sent = body(
      ask({
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: 'a', thinking_blocks: thinking },
          { role: 'user', content: 'q2' },
        ],
      }),
    );
    expect((sent.messages as { content: unknown }[])[1].content).toEqual([...thinking, { type: 'text', text: 'a' }]);
  });

  it('maps reasoning_effort to a thinking budget, raising the default max_tokens above it', () => {
    expect(body(ask({ reasoning_effort: 'low' }))).toMatchObject({
      thinking: { type: 'enabled', budget_tokens: 1024 },
      max_tokens: DEFAULT_MAX_TOKENS,
    });
    expect(body(ask({ reasoning_effort: 'high' }))).toMatchObject({
      thinking: { type: 'enabled', budget_tokens: 4096 },
      max_tokens: 4096 + DEFAULT_MAX_TOKENS,
    });
    expect(
      body(ask({ thinking: { type: 'enabled', budget_tokens: 2000 }, reasoning_effort: 'high' })).thinking,
    ).toEqual({
      type: 'enabled',
      budget_tokens: 2000,
    });
    expect(failure(() => body(ask({ reasoning_effort: 'extreme' }))).details.param).toBe('reasoning_effort');
  });

  describe('response_format', () => {
    it('forces the JSON tool for json_object', () => {
      const sent = body(ask({ response_format: { type: 'json_object' } }));
      expect(sent.tools).toEqual([
        {
          name: 'json_tool_call',
          description: 'Respond with a JSON object.',
          input_schema: { type: 'object', properties: {}, additionalProperties: true },
        },
      ]);
      expect(sent.tool_choice).toEqual({ type: 'tool', name: 'json_tool_call' });
    });

    it('uses the schema of json_schema as the tool input schema', () => {
      const schema = { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] };
      const sent = body(ask({ response_format: { type: 'json_schema', json_schema: { name: 'x', schema } } }));
      expect((sent.tools as { input_schema: unknown }[])[0].input_schema).toEqual(schema);
    });

    it('beside client tools, makes the model call one of them or answer through the JSON tool', () => {
      const tools = [{ type: 'function', function: { name: 'search' } }];
      const sent = body(ask({ tools, response_format: { type: 'json_object' } }));
      expect((sent.tools as { name: string }[]).map((t) => t.name)).toEqual(['search', 'json_tool_call']);
      expect(sent.tool_choice).toEqual({ type: 'any' });
    });

    it('forces nothing when thinking is on, which Anthropic does not allow', () => {
      const sent = body(ask({ response_format: { type: 'json_object' }, reasoning_effort: 'low' }));
      expect(sent).not.toHaveProperty('tool_choice');
    });

    it('refuses a schema whose root is not an object, and a client tool named like the JSON tool', () => {
      const array = { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'array' } } };
      expect(failure(() => body(ask({ response_format: array }))).details.param).toBe(
        'response_format.json_schema.schema',
      );
      const clash = [{ type: 'function', function: { name: 'json_tool_call' } }];
      expect(failure(() => body(ask({ tools: clash }))).details.param).toBe('tools[0].function.name');
    });

    it('passes text through as no format at all', () => {
      expect(body(ask({ response_format: { type: 'text' } }))).not.toHaveProperty('tools');
    });
  });

  describe('what Anthropic cannot take', () => {
    it.each([
      ['seed', { seed: 1 }],
      ['n', { n: 2 }],
      ['logprobs', { logprobs: true }],
      ['presence_penalty', { presence_penalty: 0.5 }],
    ])('refuses %s with a 400 naming it', (param, extra) => {
      const error = failure(() => body(ask(extra)));
      expect(error.kind).toBe('bad_request');
      expect(error.details.param).toBe(param);
    });

    it('drops and reports them under drop_params, and takes n: 1 as the default it is', () => {
      const result = toAnthropicRequest(ask({ seed: 1, logit_bias: { 1: 1 }, n: 1 }), { ...target, dropParams: true });
      expect(result.dropped).toEqual(['seed', 'logit_bias']);
      expect(result.body).not.toHaveProperty('seed');
    });

    it.each([
      [
        'an audio part',
        { role: 'user', content: [{ type: 'input_audio', input_audio: {} }] },
        'messages[0].content[0].type',
      ],
      ['a function message', { role: 'function', name: 'f', content: 'x' }, 'messages[0].role'],
      [
        'a legacy function_call',
        { role: 'assistant', content: null, function_call: { name: 'f', arguments: '{}' } },
        'messages[0].function_call',
      ],
      [
        'an image in a system message',
        { role: 'system', content: [{ type: 'image_url', image_url: { url: 'https://x' } }] },
        'messages[0].content[0].type',
      ],
      [
        'a non-PDF file',
        { role: 'user', content: [{ type: 'file', file: { file_id: 'file-1' } }] },
        'messages[0].content[0].file',
      ],
    ])('refuses %s naming where it is', (_what, message, param) => {
      const error = failure(() => body({ model: 'm', messages: [message as ChatRequest['messages'][number]] }));
      expect(error.kind).toBe('bad_request');
      expect(error.details.param).toBe(param);
    });

    it('refuses non-function tools', () => {
      expect(failure(() => body(ask({ tools: [{ type: 'custom', custom: { name: 'x' } }] }))).details.param).toBe(
        'tools[0].type',
      );
    });
  });
});
