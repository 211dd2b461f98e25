import { exampleTarget } from '@gatehouse/providers-core';
import { anthropicAdapter } from './anthropic.adapter';
import jsonMode from './fixtures/message-json-mode.json';
import text from './fixtures/message-text.json';
import thinking from './fixtures/message-thinking.json';
import toolUse from './fixtures/message-tool-use.json';
import { toFinishReason } from './anthropic.response';

const parse = (body: unknown) =>
  anthropicAdapter.parseChatResponse({ status: 200, headers: {}, body }, exampleTarget());

describe('anthropicAdapter.parseChatResponse', () => {
  it('answers a text reply as a chat.completion, counting cache reads and writes into the prompt', () => {
    const { completion, usage } = parse(text);
    expect(completion).toMatchObject({
      id: 'msg_013Zva2CMHLNnXjNJJKqJ2EF',
      object: 'chat.completion',
      model: 'claude-sonnet-4-5-20250929',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hi! My name is Claude.' }, finish_reason: 'stop' }],
    });
    expect(completion.choices[0].message).not.toHaveProperty('tool_calls');
    expect(usage).toEqual({
      promptTokens: 12 + 2048 + 100,
      completionTokens: 9,
      totalTokens: 12 + 2048 + 100 + 9,
      cachedPromptTokens: 2048,
      reasoningTokens: 0,
    });
    expect(completion.usage).toMatchObject({
      prompt_tokens: 2160,
      completion_tokens: 9,
      total_tokens: 2169,
      prompt_tokens_details: { cached_tokens: 2048 },
    });
  });

  it('turns tool_use blocks into tool_calls with the input as JSON arguments', () => {
    const { completion } = parse(toolUse);
    const [choice] = completion.choices;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBe("I'll check the weather in both cities.");
    expect(choice.message.tool_calls).toEqual([
      {
        id: 'toolu_01A09q90qw90lq917835lq9',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
      },
      {
        id: 'toolu_01B19r01rx01mr028946mr0',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
      },
    ]);
  });

  it('gives thinking as reasoning_content, and every thinking block back with its signature', () => {
    const { completion, usage } = parse(thinking);
    const { message } = completion.choices[0];
    expect(message.content).toBe('27 * 453 = 12,231');
    expect(message.reasoning_content).toBe('The user asks for 27 * 453. 27 * 453 = 12231.');
    expect(message.thinking_blocks).toEqual([
      thinking.content[0],
      { type: 'redacted_thinking', data: thinking.content[1].data },
    ]);
    expect(usage.reasoningTokens).toBe(150);
    expect(usage.completionTokens).toBe(180);
  });

  it('answers JSON mode with the tool input as the content and a plain stop', () => {
    const { completion } = parse(jsonMode);
    const [choice] = completion.choices;
    expect(JSON.parse(choice.message.content as string)).toEqual({ name: 'Ada', born: 1815 });
    expect(choice.message).not.toHaveProperty('tool_calls');
    expect(choice.finish_reason).toBe('stop');
  });

  it('fails as an upstream error when a 2xx body is not a message', () => {
    expect(() => parse('<html>')).toThrow('upstream answered 2xx without a message');
  });
});

describe('toFinishReason', () => {
  it.each([
    ['end_turn', false, 'stop'],
    ['stop_sequence', false, 'stop'],
    ['pause_turn', false, 'stop'],
    ['max_tokens', false, 'length'],
    ['model_context_window_exceeded', false, 'length'],
    ['tool_use', true, 'tool_calls'],
    ['tool_use', false, 'stop'],
    ['refusal', false, 'content_filter'],
    [null, false, null],
  ] as const)('maps %s (client tools called: %s) to %s', (reason, tools, finish) => {
    expect(toFinishReason(reason, tools)).toBe(finish);
  });
});
