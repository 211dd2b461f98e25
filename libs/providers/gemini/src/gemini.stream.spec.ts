import { ChatCompletionChunk, StreamStep } from '@gatehouse/providers-core';
import streams from './fixtures/stream-text-and-tool.json';
import { createGeminiStreamParser } from './gemini.stream';
import { thrownBy } from './gemini.spec-helpers';

const identity = { id: 'chatcmpl-s', key: 's', created: 1 };

function run(events: string[]): { steps: StreamStep[]; chunks: ChatCompletionChunk[] } {
  const parser = createGeminiStreamParser(identity);
  const steps = events.map((event) => parser.push(event));
  return { steps, chunks: steps.flatMap((step) => step.chunks) };
}

describe('createGeminiStreamParser', () => {
  it('streams role, reasoning and text deltas, then the finish reason, with usage on every step', () => {
    const { steps, chunks } = run(streams.text);
    expect(chunks.map((c) => [c.choices[0].delta, c.choices[0].finish_reason])).toEqual([
      [{ role: 'assistant', reasoning_content: 'Thinking...' }, null],
      [{ content: 'Echo: ' }, null],
      [{ content: 'hi' }, null],
      [{}, 'stop'],
    ]);
    expect(chunks.every((c) => c.id === 'chatcmpl-s' && c.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks[0].model).toBe('gemini-2.5-flash');
    expect(steps.at(-1)?.usage).toEqual({
      promptTokens: 5,
      completionTokens: 5,
      totalTokens: 10,
      cachedPromptTokens: 0,
      reasoningTokens: 3,
    });
    expect(steps.some((step) => step.done)).toBe(false);
  });

  it('streams each function call as one tool-call delta with a unique id and ends with tool_calls', () => {
    const { chunks, steps } = run(streams.tool);
    const deltas = chunks.flatMap((c) => c.choices[0].delta.tool_calls ?? []) as unknown as {
      index: number;
      id: string;
      function: { name: string; arguments: string };
    }[];
    expect(deltas.map((d) => [d.index, d.id, d.function.name, d.function.arguments])).toEqual([
      [0, 'call_s_0', 'get_weather', '{"city":"Paris"}'],
      [1, 'call_s_1', 'get_time', '{}'],
      [2, 'call_s_2', 'get_weather', '{"city":"Rome"}'],
    ]);
    expect(chunks.at(-1)?.choices[0].finish_reason).toBe('tool_calls');
    expect(steps.at(-1)?.usage?.totalTokens).toBe(15);
  });

  it.each([
    ['MAX_TOKENS', 'length'],
    ['SAFETY', 'content_filter'],
  ])('maps a streamed %s to %s', (reason, expected) => {
    const event = JSON.stringify({ candidates: [{ content: { parts: [{ text: 'x' }] }, finishReason: reason }] });
    expect(run([event]).chunks.at(-1)?.choices[0].finish_reason).toBe(expected);
  });

  it('throws the mapped failure for an error event and for a blocked prompt', () => {
    const error = JSON.stringify({ error: { code: 503, message: 'overloaded', status: 'UNAVAILABLE' } });
    expect(thrownBy(() => run([error]))).toMatchObject({ kind: 'unavailable' });
    const blocked = JSON.stringify({ promptFeedback: { blockReason: 'PROHIBITED_CONTENT' } });
    expect(thrownBy(() => run([blocked]))).toMatchObject({ kind: 'content_policy' });
  });
});
