import { ChatCompletionChunk } from '@gatehouse/providers-core';
import { AnthropicStreamEvent } from './anthropic.types';
import { AnthropicEventTranslator } from './chunks-to-anthropic-events';

type Delta = ChatCompletionChunk['choices'][number]['delta'];

const chunk = (delta: Delta, finish: string | null = null): ChatCompletionChunk => ({
  id: 'chatcmpl-s1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, delta, finish_reason: finish }],
});

const usageChunk: ChatCompletionChunk = {
  id: 'chatcmpl-s1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [],
  usage: { prompt_tokens: 9, completion_tokens: 5, total_tokens: 14 },
};

function run(chunks: ChatCompletionChunk[]): AnthropicStreamEvent[] {
  const translator = new AnthropicEventTranslator('claude-alias');
  return [...chunks.flatMap((c) => translator.push(c)), ...translator.finish()];
}

const tail = (stop: string) => [
  {
    type: 'message_delta',
    delta: { stop_reason: stop, stop_sequence: null },
    usage: { input_tokens: 9, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  },
  { type: 'message_stop' },
];

describe('AnthropicEventTranslator (canonical chunks → Anthropic stream events)', () => {
  it('streams text as one block between message_start and message_stop', () => {
    const events = run([
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Hel' }),
      chunk({ content: 'lo' }),
      chunk({}, 'stop'),
      usageChunk,
    ]);
    expect(events[0]).toMatchObject({
      type: 'message_start',
      message: { id: 'msg_s1', model: 'claude-alias', role: 'assistant', content: [], stop_reason: null },
    });
    expect(events.slice(1)).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'lo' } },
      { type: 'content_block_stop', index: 0 },
      ...tail('end_turn'),
    ]);
  });

  it('streams text then two tool calls as three blocks with input_json_delta', () => {
    const call = (index: number, id?: string, name?: string, args?: string) => ({
      index,
      ...(id ? { id, type: 'function' as const } : {}),
      function: { ...(name ? { name } : {}), arguments: args ?? '' },
    });
    const events = run([
      chunk({ content: 'Looking.' }),
      chunk({ tool_calls: [call(0, 'call_a', 'f')] } as unknown as Delta),
      chunk({ tool_calls: [call(0, undefined, undefined, '{"x":')] } as unknown as Delta),
      chunk({ tool_calls: [call(0, undefined, undefined, '1}')] } as unknown as Delta),
      chunk({ tool_calls: [call(1, 'call_b', 'g', '{}')] } as unknown as Delta),
      chunk({}, 'tool_calls'),
      usageChunk,
    ]);
    expect(events.slice(1)).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Looking.' } },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'tool_use', id: 'call_a', name: 'f', input: {} },
      },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"x":' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '1}' } },
      { type: 'content_block_stop', index: 1 },
      {
        type: 'content_block_start',
        index: 2,
        content_block: { type: 'tool_use', id: 'call_b', name: 'g', input: {} },
      },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{}' } },
      { type: 'content_block_stop', index: 2 },
      ...tail('tool_use'),
    ]);
  });

  it('maps a cut stream to max_tokens', () => {
    const events = run([chunk({ content: 'a' }), chunk({}, 'length'), usageChunk]);
    expect(events.at(-2)).toMatchObject({ type: 'message_delta', delta: { stop_reason: 'max_tokens' } });
  });

  it('still starts and stops a message when the upstream sent no content', () => {
    const events = run([]);
    expect(events.map((e) => e.type)).toEqual(['message_start', 'message_delta', 'message_stop']);
  });

  it('refuses tool-call arguments that come back to an earlier, closed call', () => {
    const translator = new AnthropicEventTranslator('m');
    translator.push(
      chunk({ tool_calls: [{ index: 0, id: 'a', function: { name: 'f', arguments: '' } }] } as unknown as Delta),
    );
    translator.push(
      chunk({ tool_calls: [{ index: 1, id: 'b', function: { name: 'g', arguments: '' } }] } as unknown as Delta),
    );
    expect(() =>
      translator.push(chunk({ tool_calls: [{ index: 0, function: { arguments: '{}' } }] } as unknown as Delta)),
    ).toThrow(/interleaved/);
  });
});
