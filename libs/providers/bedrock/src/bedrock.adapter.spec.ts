import { GatewayFailure } from '@gatehouse/errors';
import { ChatRequest, DeploymentTarget } from '@gatehouse/providers-core';
import { fromConverseResponse, toConverseRequest, toFinishReason } from './bedrock.adapter';
import type { ConverseResponse } from './bedrock.types';
import responseWithTools from './fixtures/converse-response-tools.json';

const target: DeploymentTarget = {
  id: 'd1',
  provider: 'bedrock',
  providerModel: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
  apiBase: '',
  dropParams: false,
  timeouts: { requestMs: 1000, idleMs: 1000 },
  params: {},
};
const PNG = 'iVBORw0KGgo=';
const WEATHER = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } } },
  },
};
const build = (extra: Partial<ChatRequest>, t: DeploymentTarget = target) =>
  toConverseRequest({ model: 'alias', messages: [{ role: 'user', content: 'hi' }], ...extra }, t).input;

function failureOf(fn: () => unknown): GatewayFailure {
  try {
    fn();
  } catch (error) {
    if (error instanceof GatewayFailure) return error;
  }
  throw new Error('expected a GatewayFailure');
}

describe('toConverseRequest', () => {
  it.each<[string, Partial<ChatRequest>, Record<string, unknown>]>([
    [
      'max_completion_tokens over max_tokens, sampling and a stop string',
      { max_tokens: 5, max_completion_tokens: 9, temperature: 0.2, top_p: 0.9, stop: 'END' },
      { inferenceConfig: { maxTokens: 9, temperature: 0.2, topP: 0.9, stopSequences: ['END'] } },
    ],
    ['stop sequences as a list', { stop: ['a', 'b'] }, { inferenceConfig: { stopSequences: ['a', 'b'] } }],
    [
      'tool_choice auto',
      { tools: [WEATHER], tool_choice: 'auto' },
      {
        toolConfig: {
          tools: [
            {
              toolSpec: {
                name: 'get_weather',
                description: 'Weather',
                inputSchema: { json: WEATHER.function.parameters },
              },
            },
          ],
          toolChoice: { auto: {} },
        },
      },
    ],
    [
      'tool_choice required',
      { tools: [WEATHER], tool_choice: 'required' },
      { toolConfig: expect.objectContaining({ toolChoice: { any: {} } }) },
    ],
    [
      'a named tool_choice',
      { tools: [WEATHER], tool_choice: { type: 'function', function: { name: 'get_weather' } } },
      { toolConfig: expect.objectContaining({ toolChoice: { tool: { name: 'get_weather' } } }) },
    ],
    [
      'json_object as native structured output',
      { response_format: { type: 'json_object' } },
      {
        outputConfig: {
          textFormat: {
            type: 'json_schema',
            structure: { jsonSchema: { schema: '{"type":"object"}', name: 'json_object' } },
          },
        },
      },
    ],
    [
      'json_schema with its name',
      {
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'city', schema: { type: 'object', properties: { c: { type: 'string' } } } },
        },
      },
      {
        outputConfig: {
          textFormat: {
            type: 'json_schema',
            structure: {
              jsonSchema: { schema: '{"type":"object","properties":{"c":{"type":"string"}}}', name: 'city' },
            },
          },
        },
      },
    ],
    [
      'guardrailConfig from the request',
      { guardrailConfig: { guardrailIdentifier: 'g1', guardrailVersion: '2' } },
      { guardrailConfig: { guardrailIdentifier: 'g1', guardrailVersion: '2' } },
    ],
    [
      'thinking and additionalModelRequestFields passed through',
      { thinking: { type: 'enabled', budget_tokens: 1024 }, additionalModelRequestFields: { top_k: 5 } },
      { additionalModelRequestFields: { top_k: 5, thinking: { type: 'enabled', budget_tokens: 1024 } } },
    ],
    ['user as request metadata', { user: 'u-1' }, { requestMetadata: { user: 'u-1' } }],
    [
      'n = 1 and parallel_tool_calls = true accepted',
      { n: 1, parallel_tool_calls: true, tools: [WEATHER] },
      { toolConfig: expect.anything() as unknown },
    ],
  ])('maps %s', (_, extra, expected) => {
    expect(build(extra)).toMatchObject(expected);
  });

  it('maps system, developer, multi-turn history, tool calls and tool results, merging consecutive user turns', () => {
    const input = build({
      tools: [WEATHER],
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use metric.', cache_control: { type: 'ephemeral' } }] },
        { role: 'user', content: 'weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 't1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 't2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 't1', content: 'sunny' },
        { role: 'tool', tool_call_id: 't2', content: [{ type: 'text', text: 'rain' }] },
        { role: 'user', content: 'thanks' },
      ],
    });
    expect(input.modelId).toBe(target.providerModel);
    expect(input.system).toEqual([{ text: 'Be terse.' }, { text: 'Use metric.' }, { cachePoint: { type: 'default' } }]);
    expect(input.messages).toEqual([
      { role: 'user', content: [{ text: 'weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { toolUse: { toolUseId: 't1', name: 'get_weather', input: { city: 'Paris' } } },
          { toolUse: { toolUseId: 't2', name: 'get_weather', input: { city: 'Rome' } } },
        ],
      },
      {
        role: 'user',
        content: [
          { toolResult: { toolUseId: 't1', content: [{ text: 'sunny' }] } },
          { toolResult: { toolUseId: 't2', content: [{ text: 'rain' }] } },
          { text: 'thanks' },
        ],
      },
    ]);
  });

  it('sends a data-URL image as bytes, a file as a named document, and cache_control as a cache point', () => {
    const input = build({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'look', cache_control: { type: 'ephemeral' } },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
            { type: 'file', file: { filename: 'report 2024.pdf', file_data: `data:application/pdf;base64,${PNG}` } },
          ],
        },
      ],
    });
    const content = input.messages?.[0].content ?? [];
    expect(content[0]).toEqual({ text: 'look' });
    expect(content[1]).toEqual({ cachePoint: { type: 'default' } });
    expect(content[2]).toEqual({
      image: { format: 'png', source: { bytes: new Uint8Array(Buffer.from(PNG, 'base64')) } },
    });
    expect(content[3]).toMatchObject({ document: { format: 'pdf', name: 'report 2024' } });
  });

  it('strips the LiteLLM converse/ route prefix from the model id', () => {
    expect(build({}, { ...target, providerModel: 'converse/meta.llama3-70b-instruct-v1:0' }).modelId).toBe(
      'meta.llama3-70b-instruct-v1:0',
    );
  });

  it('takes guardrailConfig from litellm_params when the request has none', () => {
    const guardrail = { guardrailIdentifier: 'g2', guardrailVersion: 'DRAFT' };
    expect(build({}, { ...target, params: { guardrailConfig: guardrail } }).guardrailConfig).toEqual(guardrail);
  });

  it.each<[string, Partial<ChatRequest>, string]>([
    [
      'an https image URL',
      { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x.test/a.png' } }] }] },
      'messages[0]',
    ],
    ['an unsupported parameter', { seed: 7 }, 'seed'],
    ['n > 1', { n: 2 }, 'n'],
    ['parallel_tool_calls false', { parallel_tool_calls: false, tools: [WEATHER] }, 'parallel_tool_calls'],
    [
      'tool_choice naming an unknown tool',
      { tools: [WEATHER], tool_choice: { type: 'function', function: { name: 'nope' } } },
      'tool_choice',
    ],
    [
      'tool_choice none with tool history',
      {
        tools: [WEATHER],
        tool_choice: 'none',
        messages: [
          { role: 'user', content: 'q' },
          {
            role: 'assistant',
            tool_calls: [{ id: 't', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
          },
          { role: 'tool', tool_call_id: 't', content: 'r' },
        ],
      },
      'tool_choice',
    ],
    ['the legacy function role', { messages: [{ role: 'function', name: 'f', content: 'x' }] }, 'messages[0]'],
  ])('refuses %s with a 400 naming it', (_, extra, param) => {
    const failure = failureOf(() => build(extra));
    expect(failure.kind).toBe('bad_request');
    expect(failure.details.param).toBe(param);
  });

  it('drops what it cannot honour under drop_params and lists it', () => {
    const call = toConverseRequest(
      { model: 'a', messages: [{ role: 'user', content: 'hi' }], seed: 1, n: 3 },
      { ...target, dropParams: true },
    );
    expect(call.dropped.sort()).toEqual(['n', 'seed']);
  });

  it('omits toolConfig for tool_choice none without tool history', () => {
    expect(build({ tools: [WEATHER], tool_choice: 'none' }).toolConfig).toBeUndefined();
  });
});

describe('fromConverseResponse', () => {
  const context = { id: 'chatcmpl-1', created: 100, model: 'm' };

  it('maps text, reasoning, parallel tool calls and usage with cache read/write', () => {
    const { completion, usage } = fromConverseResponse(responseWithTools as ConverseResponse, context);
    expect(completion.choices[0]).toEqual({
      index: 0,
      finish_reason: 'tool_calls',
      message: {
        role: 'assistant',
        content: 'Let me check.',
        reasoning_content: 'Need weather.',
        tool_calls: [
          { id: 'tooluse_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'tooluse_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
        ],
      },
    });
    expect(usage).toEqual({
      promptTokens: 65,
      completionTokens: 25,
      totalTokens: 90,
      cachedPromptTokens: 10,
      reasoningTokens: 0,
    });
    expect(completion.usage).toMatchObject({
      prompt_tokens: 65,
      cache_read_input_tokens: 10,
      cache_creation_input_tokens: 5,
    });
  });

  it('answers null content when the model only called tools', () => {
    const response = {
      output: { message: { role: 'assistant', content: [{ toolUse: { toolUseId: 't', name: 'f', input: {} } }] } },
      stopReason: 'tool_use',
    } as ConverseResponse;
    expect(fromConverseResponse(response, context).completion.choices[0].message.content).toBeNull();
  });

  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['guardrail_intervened', 'content_filter'],
    ['content_filtered', 'content_filter'],
    ['malformed_model_output', 'stop'],
    ['malformed_tool_use', 'tool_calls'],
  ])('maps stop reason %s to %s', (reason, finish) => {
    expect(toFinishReason(reason)).toBe(finish);
  });
});
