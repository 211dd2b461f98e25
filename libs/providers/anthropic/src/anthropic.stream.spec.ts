import { exampleTarget } from '@gatehouse/providers-core';
import { ChatCompletionChunk, StreamStep } from '@gatehouse/providers-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { anthropicAdapter } from './anthropic.adapter';

/** The `data:` fields of a recorded SSE body, in order, as the transport hands them over. */
function events(fixture: string): string[] {
  const text = readFileSync(join(__dirname, 'fixtures', fixture), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice('data:'.length).trim());
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

function run(fixture: string): { steps: StreamStep[]; chunks: ChatCompletionChunk[] } {
  const parser = anthropicAdapter.createStreamParser(exampleTarget());
  const steps = events(fixture).map((data) => parser.push(data));
  return { steps, chunks: steps.flatMap((step) => step.chunks) };
}

describe('anthropicAdapter stream parser', () => {
  it('streams text as a role chunk, content chunks and a stop, with usage and done at the end', () => {
    const { steps, chunks } = run('stream-text.sse');
    expect(chunks[0]).toMatchObject({
      id: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY',
      object: 'chat.completion.chunk',
      model: 'claude-sonnet-4-5-20250929',
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
    });
    expect(chunks.map((c) => str(c.choices[0].delta.content)).join('')).toBe('Hello!');
    expect(chunks.at(-1)?.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(chunks.every((c) => c.id === chunks[0].id)).toBe(true);
    const last = steps.at(-1)!;
    expect(last.done).toBe(true);
    expect(last.usage).toEqual({
      promptTokens: 35,
      completionTokens: 15,
      totalTokens: 50,
      cachedPromptTokens: 10,
      reasoningTokens: 0,
    });
    // ping and content_block_stop carry nothing.
    expect(steps.filter((s) => s.chunks.length === 0 && !s.usage)).toHaveLength(3);
  });

  it('streams a tool call as an id and name, then argument fragments that reassemble', () => {
    const { chunks } = run('stream-tool-use.sse');
    // Tool-call deltas are partial: OpenAI keys them by index and sends the arguments in pieces.
    type CallDelta = { index: number; id?: string; function: { name?: string; arguments: string } };
    const calls = chunks.flatMap((c) => (c.choices[0].delta.tool_calls ?? []) as unknown as CallDelta[]);
    expect(calls[0]).toEqual({
      index: 0,
      id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    expect(calls.every((c) => c.index === 0)).toBe(true);
    expect(JSON.parse(calls.map((c) => c.function.arguments).join(''))).toEqual({ city: 'San Francisco' });
    expect(chunks.at(-1)?.choices[0].finish_reason).toBe('tool_calls');
    expect(chunks.map((c) => str(c.choices[0].delta.content)).join('')).toBe("Okay, let's check the weather.");
  });

  it('numbers tool calls among themselves, whatever their block index', () => {
    const parser = anthropicAdapter.createStreamParser(exampleTarget());
    parser.push(
      JSON.stringify({ type: 'message_start', message: { id: 'm', model: 'c', usage: { input_tokens: 1 } } }),
    );
    const toolStart = (index: number, id: string) =>
      parser.push(
        JSON.stringify({
          type: 'content_block_start',
          index,
          content_block: { type: 'tool_use', id, name: 't', input: {} },
        }),
      );
    parser.push(JSON.stringify({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }));
    const first = toolStart(1, 'a');
    const second = toolStart(2, 'b');
    const fragment = parser.push(
      JSON.stringify({
        type: 'content_block_delta',
        index: 2,
        delta: { type: 'input_json_delta', partial_json: '{}' },
      }),
    );
    expect(first.chunks[0].choices[0].delta.tool_calls).toMatchObject([{ index: 0, id: 'a' }]);
    expect(second.chunks[0].choices[0].delta.tool_calls).toMatchObject([{ index: 1, id: 'b' }]);
    expect(fragment.chunks[0].choices[0].delta.tool_calls).toEqual([{ index: 1, function: { arguments: '{}' } }]);
  });

  it('streams thinking as reasoning_content and its signature as a thinking block', () => {
    const { steps, chunks } = run('stream-thinking.sse');
    const deltas = chunks.map((c) => c.choices[0].delta);
    expect(deltas.map((d) => str(d.reasoning_content)).join('')).toBe('27 * 453 = 12231');
    expect(deltas.flatMap((d) => (d.thinking_blocks as unknown[]) ?? [])).toEqual([
      { type: 'thinking', thinking: '', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' },
    ]);
    expect(deltas.map((d) => str(d.content)).join('')).toBe('12,231');
    expect(steps.at(-1)?.usage).toMatchObject({ completionTokens: 120, reasoningTokens: 100 });
  });

  it('streams the JSON-mode tool input as content, finishing with stop', () => {
    const parser = anthropicAdapter.createStreamParser(exampleTarget());
    const push = (event: object) => parser.push(JSON.stringify(event));
    push({ type: 'message_start', message: { id: 'm', model: 'c', usage: { input_tokens: 5, output_tokens: 1 } } });
    const start = push({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'tool_use', id: 't', name: 'json_tool_call', input: {} },
    });
    const a = push({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'input_json_delta', partial_json: '{"echo":' },
    });
    const b = push({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'input_json_delta', partial_json: '"hi"}' },
    });
    const end = push({ type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 7 } });
    expect(start.chunks).toEqual([]);
    expect([a, b].map((s) => str(s.chunks[0].choices[0].delta.content)).join('')).toBe('{"echo":"hi"}');
    expect(end.chunks[0].choices[0].finish_reason).toBe('stop');
    expect(end.usage?.totalTokens).toBe(12);
  });

  it('fails with the mapped error when the stream reports one after it started', () => {
    const parser = anthropicAdapter.createStreamParser(exampleTarget());
    const [start, block, delta, error] = events('stream-overloaded.sse');
    for (const data of [start, block, delta]) parser.push(data);
    expect(thrown(() => parser.push(error))).toMatchObject({
      kind: 'unavailable',
      message: 'upstream returned 529: Overloaded',
    });
  });

  it('skips events it does not know and refuses ones that are not JSON', () => {
    const parser = anthropicAdapter.createStreamParser(exampleTarget());
    expect(parser.push(JSON.stringify({ type: 'future_event', x: 1 }))).toEqual({ chunks: [] });
    expect(thrown(() => parser.push('not json'))).toMatchObject({ kind: 'upstream' });
  });
});
