import { ChatCompletionChunk, StreamStep } from '@gatehouse/providers-core';
import { createConverseStreamTranslator } from './bedrock.stream';
import type { ConverseStreamOutput } from './bedrock.types';
import parallelTools from './fixtures/stream-parallel-tools.json';
import textWithReasoning from './fixtures/stream-text-with-reasoning.json';

const context = { id: 'chatcmpl-s', created: 5, model: 'm' };

function run(events: unknown[]): { steps: StreamStep[]; chunks: ChatCompletionChunk[] } {
  const translator = createConverseStreamTranslator(context);
  const steps = (events as ConverseStreamOutput[]).map((event) => translator.push(event));
  return { steps, chunks: steps.flatMap((step) => step.chunks) };
}

describe('ConverseStream translation', () => {
  it('streams role, reasoning, text, the finish reason, then usage with cache tokens, and ends', () => {
    const { steps, chunks } = run(textWithReasoning);
    const deltas = chunks.map((c) => c.choices[0].delta);
    expect(deltas[0]).toEqual({ role: 'assistant', content: '' });
    expect(deltas.map((d) => (typeof d.reasoning_content === 'string' ? d.reasoning_content : '')).join('')).toBe(
      'The user greets. ',
    );
    expect(deltas.map((d) => (typeof d.content === 'string' ? d.content : '')).join('')).toBe('Hello there');
    expect(chunks.at(-1)?.choices[0].finish_reason).toBe('stop');
    expect(chunks.every((c) => c.id === 'chatcmpl-s' && c.object === 'chat.completion.chunk')).toBe(true);
    expect(steps.at(-1)).toEqual({
      chunks: [],
      done: true,
      usage: { promptTokens: 132, completionTokens: 7, totalTokens: 139, cachedPromptTokens: 100, reasoningTokens: 0 },
    });
  });

  it('numbers parallel tool calls from 0 whatever their content block index, then fragments their arguments', () => {
    const { chunks } = run(parallelTools);
    const calls = chunks.flatMap((c) => (c.choices[0].delta.tool_calls ?? []) as unknown as Record<string, unknown>[]);
    expect(calls[0]).toEqual({
      index: 0,
      id: 'tooluse_A',
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    const args = (index: number) =>
      calls
        .filter((c) => c.index === index)
        .map((c) => (c.function as { arguments: string }).arguments)
        .join('');
    expect(JSON.parse(args(0))).toEqual({ city: 'Paris' });
    expect(JSON.parse(args(1))).toEqual({ city: 'Rome' });
    expect(calls.find((c) => c.index === 1)?.id).toBe('tooluse_B');
    expect(chunks.some((c) => c.choices[0].finish_reason === 'tool_calls')).toBe(true);
  });

  it.each([
    ['throttlingException', 'rate_limited'],
    ['modelStreamErrorException', 'unavailable'],
    ['internalServerException', 'upstream'],
    ['serviceUnavailableException', 'unavailable'],
    ['validationException', 'bad_request'],
  ])('throws a stream-time %s as %s', (member, kind) => {
    const translator = createConverseStreamTranslator(context);
    translator.push({ messageStart: { role: 'assistant' } });
    expect(() => translator.push({ [member]: { message: 'boom' } } as unknown as ConverseStreamOutput)).toThrow(
      expect.objectContaining({ kind }) as Error,
    );
  });
});
