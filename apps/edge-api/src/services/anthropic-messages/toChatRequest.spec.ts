import { GatewayFailure } from '@gatehouse/errors';
import { parseMessagesRequest } from './anthropic-request.schema';
import { toChatRequest } from './toChatRequest';

const base = { model: 'claude-x', max_tokens: 100 };
const translate = (body: Record<string, unknown>) => toChatRequest(parseMessagesRequest({ ...base, ...body }));

describe('toChatRequest (Anthropic → canonical chat)', () => {
  it("carries the gateway's own fields across for the pipeline to check and take off", () => {
    const fields = { tags: ['eu'], num_retries: 2, fallbacks: ['b'], cache: { 'no-cache': true }, guardrails: ['pii'] };
    expect(translate({ messages: [{ role: 'user', content: 'hi' }], ...fields })).toMatchObject(fields);
  });

  it.each([
    [
      'a string message',
      { messages: [{ role: 'user', content: 'hi' }] },
      { model: 'claude-x', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] },
    ],
    [
      'a string system prompt first',
      { system: 'be brief', messages: [{ role: 'user', content: 'hi' }] },
      {
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: 'hi' },
        ],
      },
    ],
    [
      'system blocks as text parts',
      {
        system: [
          { type: 'text', text: 'a', cache_control: { type: 'ephemeral' } },
          { type: 'text', text: 'b' },
        ],
        messages: [{ role: 'user', content: 'hi' }],
      },
      {
        messages: [
          {
            role: 'system',
            content: [
              { type: 'text', text: 'a' },
              { type: 'text', text: 'b' },
            ],
          },
          { role: 'user', content: 'hi' },
        ],
      },
    ],
    [
      'images as data URLs and URLs',
      {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'what is this' },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
              { type: 'image', source: { type: 'url', url: 'https://example.com/x.png' } },
            ],
          },
        ],
      },
      {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'what is this' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
              { type: 'image_url', image_url: { url: 'https://example.com/x.png' } },
            ],
          },
        ],
      },
    ],
    [
      'sampling, stop sequences, metadata and thinking',
      {
        messages: [{ role: 'user', content: 'hi' }],
        temperature: 0.5,
        top_p: 0.9,
        stop_sequences: ['END'],
        metadata: { user_id: 'u-1' },
        thinking: { type: 'enabled', budget_tokens: 4000 },
      },
      { temperature: 0.5, top_p: 0.9, stop: ['END'], user: 'u-1', reasoning_effort: 'medium' },
    ],
    [
      'a stream, always asking for usage',
      { messages: [{ role: 'user', content: 'hi' }], stream: true },
      { stream: true, stream_options: { include_usage: true } },
    ],
  ])('translates %s', (_, body, expected) => {
    expect(translate(body)).toMatchObject(expected);
  });

  it('turns a tool_use round trip into tool_calls then tool messages before the user text', () => {
    const chat = translate({
      tools: [{ name: 'get_weather', description: 'weather', input_schema: { type: 'object', properties: {} } }],
      tool_choice: { type: 'tool', name: 'get_weather', disable_parallel_tool_use: true },
      messages: [
        { role: 'user', content: 'weather?' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'hmm', signature: 's' },
            { type: 'text', text: 'Let me look.' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'sunny' }] },
            { type: 'text', text: 'thanks' },
          ],
        },
      ],
    });
    expect(chat.tools).toEqual([
      {
        type: 'function',
        function: { name: 'get_weather', description: 'weather', parameters: { type: 'object', properties: {} } },
      },
    ]);
    expect(chat.tool_choice).toEqual({ type: 'function', function: { name: 'get_weather' } });
    expect(chat.parallel_tool_calls).toBe(false);
    expect(chat.messages).toEqual([
      { role: 'user', content: 'weather?' },
      {
        role: 'assistant',
        content: 'Let me look.',
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'sunny' },
      { role: 'user', content: 'thanks' },
    ]);
  });

  it.each([
    [{ type: 'auto' }, 'auto'],
    [{ type: 'any' }, 'required'],
    [{ type: 'none' }, 'none'],
  ])('maps tool_choice %j to %j', (choice, expected) => {
    const chat = translate({
      messages: [{ role: 'user', content: 'x' }],
      tools: [{ name: 't', input_schema: { type: 'object' } }],
      tool_choice: choice,
    });
    expect(chat.tool_choice).toBe(expected);
  });

  it('marks a failed tool result, since OpenAI has no is_error', () => {
    const chat = translate({
      messages: [
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'f', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'boom', is_error: true }] },
      ],
    });
    expect(chat.messages).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 't1', content: 'Error: boom' },
    ]);
  });

  it.each([
    ['top_k', { messages: [{ role: 'user', content: 'x' }], top_k: 5 }, 'top_k'],
    [
      'a server tool',
      { messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'web_search_20250305', name: 'web_search' }] },
      'tools[0].type',
    ],
    [
      'a tool without input_schema',
      { messages: [{ role: 'user', content: 'x' }], tools: [{ name: 'f' }] },
      'tools[0].input_schema',
    ],
    [
      'a tool_use from the user',
      { messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'a', name: 'f', input: {} }] }] },
      'messages[0].content[0].type',
    ],
    [
      'an image from the assistant',
      { messages: [{ role: 'assistant', content: [{ type: 'image', source: { type: 'url', url: 'u' } }] }] },
      'messages[0].content[0].type',
    ],
  ])('refuses %s with a 400 naming its parameter', (_, body, param) => {
    expect(() => translate(body)).toThrow(
      expect.objectContaining({
        kind: 'bad_request',
        details: expect.objectContaining({ param }) as object,
      }) as GatewayFailure,
    );
  });

  it.each([
    ['no max_tokens', { model: 'm', messages: [{ role: 'user', content: 'x' }] }, 'max_tokens'],
    ['an unknown field', { ...base, messages: [{ role: 'user', content: 'x' }], service_tier: 'auto' }, 'service_tier'],
    [
      'an unknown block',
      { ...base, messages: [{ role: 'user', content: [{ type: 'document', source: {} }] }] },
      'array of content blocks',
    ],
    ['a bad role', { ...base, messages: [{ role: 'system', content: 'x' }] }, 'messages[0].role'],
    [
      'a bad thinking type',
      { ...base, messages: [{ role: 'user', content: 'x' }], thinking: { type: 'maybe' } },
      'thinking',
    ],
  ])('rejects %s at validation', (_, body, mention) => {
    expect(() => parseMessagesRequest(body)).toThrow(
      expect.objectContaining({
        kind: 'bad_request',
        message: expect.stringContaining(mention) as string,
      }) as GatewayFailure,
    );
  });
});
