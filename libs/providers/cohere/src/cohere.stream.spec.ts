import { exampleTarget } from '@gatehouse/providers-core';
import { GatewayFailure } from '@gatehouse/errors';
import { ChatCompletionChunk, StreamStep } from '@gatehouse/providers-core';
import { cohereAdapter } from './cohere.adapter';
import textEvents from './fixtures/stream-text.json';
import toolEvents from './fixtures/stream-tools.json';

function run(events: readonly unknown[]): StreamStep[] {
  const parser = cohereAdapter.createStreamParser(exampleTarget());
  return events.map((event) => parser.push(JSON.stringify(event)));
}

const deltas = (steps: StreamStep[]) => steps.flatMap((s) => s.chunks).map((c: ChatCompletionChunk) => c.choices[0]);

describe('cohere stream parser', () => {
  it('streams text and thinking as content and reasoning deltas, then the finish reason and billed usage', () => {
    const steps = run(textEvents);
    const choices = deltas(steps);
    expect(choices.map((c) => c.delta)).toEqual([
      { role: 'assistant', content: '' },
      { reasoning_content: 'Hmm.' },
      { content: 'Echo: ' },
      { content: 'stream me' },
      {},
    ]);
    expect(choices.map((c) => c.finish_reason)).toEqual([null, null, null, null, 'stop']);
    const chunks = steps.flatMap((s) => s.chunks);
    expect(new Set(chunks.map((c) => c.id))).toEqual(new Set(['s-1']));
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && !('usage' in c))).toBe(true);
    expect(steps.at(-1)).toMatchObject({ done: true, usage: { promptTokens: 3, completionTokens: 4, totalTokens: 7 } });
    expect(steps.slice(0, -1).some((s) => s.usage || s.done)).toBe(false);
  });

  it('streams tool calls as OpenAI tool_call deltas that reassemble, with the plan as reasoning', () => {
    const choices = deltas(run(toolEvents));
    expect(choices.map((c) => c.delta)).toEqual([
      { role: 'assistant', content: '' },
      { reasoning_content: 'I will call ' },
      { reasoning_content: 'get_weather.' },
      {
        tool_calls: [
          { index: 0, id: 'get_weather_a', type: 'function', function: { name: 'get_weather', arguments: '' } },
        ],
      },
      { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] },
      {
        tool_calls: [{ index: 1, id: 'get_time_b', type: 'function', function: { name: 'get_time', arguments: '{}' } }],
      },
      {},
    ]);
    expect(choices.at(-1)?.finish_reason).toBe('tool_calls');
  });

  it.each([
    ['MAX_TOKENS', 'length'],
    ['STOP_SEQUENCE', 'stop'],
    ['ERROR_TOXIC', 'content_filter'],
  ])('ends on message-end %s as %s', (reason, expected) => {
    const [, end] = run([
      { type: 'message-start', id: 'm' },
      {
        type: 'message-end',
        delta: { finish_reason: reason, usage: { tokens: { input_tokens: 1, output_tokens: 2 } } },
      },
    ]);
    expect(end.chunks[0].choices[0].finish_reason).toBe(expected);
    expect(end.usage?.totalTokens).toBe(3);
    expect(end.done).toBe(true);
  });

  it('fails the stream on a message-end with ERROR, passing Cohere’s message on', () => {
    const parser = cohereAdapter.createStreamParser(exampleTarget());
    parser.push(JSON.stringify({ type: 'message-start', id: 'm' }));
    const end = JSON.stringify({ type: 'message-end', delta: { finish_reason: 'ERROR', error: 'model overloaded' } });
    expect(() => parser.push(end)).toThrow(GatewayFailure);
    expect(() => parser.push(end)).toThrow('upstream generation failed: model overloaded');
  });

  it('rejects an event that is not Cohere JSON', () => {
    const parser = cohereAdapter.createStreamParser(exampleTarget());
    expect(() => parser.push('[DONE]')).toThrow('not Cohere JSON');
    expect(() => parser.push('{"no":"type"}')).toThrow(GatewayFailure);
  });

  it('skips events it has no OpenAI form for', () => {
    expect(
      run([
        { type: 'debug', prompt: 'x' },
        { type: 'content-end', index: 0 },
      ]),
    ).toEqual([{ chunks: [] }, { chunks: [] }]);
  });
});
