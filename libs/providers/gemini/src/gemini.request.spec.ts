import { ChatRequest, DeploymentTarget } from '@gatehouse/providers-core';
import multiTurn from './fixtures/multi-turn-tools.json';
import { toGeminiRequest } from './gemini.request';
import { thrownBy } from './gemini.spec-helpers';

const strict: Pick<DeploymentTarget, 'dropParams' | 'provider'> = { dropParams: false, provider: 'gemini' };
const lenient = { ...strict, dropParams: true };
const ask = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'alias',
  messages: [{ role: 'user', content: 'hi' }],
  ...extra,
});
const PNG = 'iVBORw0KGgo=';

describe('toGeminiRequest', () => {
  it('translates a multi-turn conversation with system, parallel tool calls, results and parameters', () => {
    const { body, dropped } = toGeminiRequest(multiTurn.openai as ChatRequest, strict);
    expect(body).toEqual(multiTurn.gemini);
    expect(dropped).toEqual([]);
  });

  it.each([
    ['none', { mode: 'NONE' }],
    ['required', { mode: 'ANY' }],
    [
      { type: 'function', function: { name: 'get_weather' } },
      { mode: 'ANY', allowedFunctionNames: ['get_weather'] },
    ],
  ])('maps tool_choice %j', (choice, config) => {
    const { body } = toGeminiRequest(ask({ tool_choice: choice }), strict);
    expect(body.toolConfig).toEqual({ functionCallingConfig: config });
  });

  it.each([
    [{ type: 'json_object' }, { responseMimeType: 'application/json' }],
    [
      { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } },
      { responseMimeType: 'application/json', responseJsonSchema: { type: 'object' } },
    ],
    [{ type: 'text' }, undefined],
  ])('maps response_format %j', (format, config) => {
    expect(toGeminiRequest(ask({ response_format: format }), strict).body.generationConfig).toEqual(config);
  });

  it('prefers max_completion_tokens and takes a single stop string', () => {
    const { body } = toGeminiRequest(ask({ max_tokens: 5, max_completion_tokens: 9, stop: 'X' }), strict);
    expect(body.generationConfig).toEqual({ maxOutputTokens: 9, stopSequences: ['X'] });
  });

  it('sends data: images inline and https images as fileData with their type', () => {
    const content = [
      { type: 'text', text: 'what is this?' },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
      { type: 'image_url', image_url: { url: 'https://example.com/cat.JPG?size=2' } },
    ];
    const { body } = toGeminiRequest(ask({ messages: [{ role: 'user', content }] }), strict);
    expect(body.contents[0].parts).toEqual([
      { text: 'what is this?' },
      { inlineData: { mimeType: 'image/png', data: PNG } },
      { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/cat.JPG?size=2' } },
    ]);
  });

  it.each([
    [
      'an http image',
      { type: 'image_url', image_url: { url: 'http://example.com/a.png' } },
      'messages[0].content[0].image_url.url',
    ],
    [
      'an image of unknown type',
      { type: 'image_url', image_url: { url: 'https://example.com/a' } },
      'messages[0].content[0].image_url.url',
    ],
    [
      'a non-image data URL',
      { type: 'image_url', image_url: { url: 'data:text/plain;base64,aGk=' } },
      'messages[0].content[0].image_url.url',
    ],
    [
      'an audio part',
      { type: 'input_audio', input_audio: { data: 'x', format: 'wav' } },
      'messages[0].content[0].type',
    ],
  ])('refuses %s, naming the field', (_name, part, param) => {
    expect(
      thrownBy(() => toGeminiRequest(ask({ messages: [{ role: 'user', content: [part] }] }), strict)),
    ).toMatchObject({
      kind: 'bad_request',
      details: { param },
    });
  });

  it('refuses a tool result that answers no earlier call', () => {
    const messages = [
      { role: 'user' as const, content: 'x' },
      { role: 'tool' as const, tool_call_id: 'nope', content: 'r' },
    ];
    expect(() => toGeminiRequest(ask({ messages }), strict)).toThrow(/does not answer an earlier assistant tool call/);
  });

  it.each([
    ['logprobs', { logprobs: true }],
    ['parallel_tool_calls', { parallel_tool_calls: false }],
  ])('refuses %s, or drops it under drop_params', (param, extra) => {
    expect(thrownBy(() => toGeminiRequest(ask(extra), strict))).toMatchObject({
      kind: 'bad_request',
      details: { param },
    });
    expect(toGeminiRequest(ask(extra), lenient).dropped).toEqual([param]);
  });

  it('refuses tools that are not functions', () => {
    expect(() => toGeminiRequest(ask({ tools: [{ type: 'web_search' }] }), strict)).toThrow(
      /only tools of type 'function'/,
    );
  });

  it('refuses a conversation with only a system message', () => {
    expect(() => toGeminiRequest(ask({ messages: [{ role: 'system', content: 's' }] }), strict)).toThrow(
      /at least one user or assistant message/,
    );
  });
});
