import { makePrincipal } from '@gatehouse/contracts';
import { ChatCompletionChunk } from '@gatehouse/providers-core';
import { Payload } from '../payload';
import { guardrailEntry, guardStage, rulePort } from './guard.fixture';
import { StreamGuard } from './stream-guard';

const chunk = (content: string, extra: Record<string, unknown> = {}) =>
  Payload.of<ChatCompletionChunk>({
    id: 'c',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta: { content, ...extra }, finish_reason: null }],
  });
const finishChunk = Payload.of<ChatCompletionChunk>({
  id: 'c',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
});
const contentOf = (chunks: Payload<ChatCompletionChunk>[]) =>
  chunks
    .map((c) =>
      c
        .object()
        .choices.map((choice) => (typeof choice.delta.content === 'string' ? choice.delta.content : ''))
        .join(''),
    )
    .join('');

function guardFor(mode: 'during_call' | 'post_call', rules: { block?: string; mask?: string }, windowChars = 10) {
  const { asked, guardrails } = rulePort(rules);
  const plan = guardStage([guardrailEntry('g', [mode])], guardrails).planFor(
    makePrincipal({ kind: 'virtual_key' }),
    { requestId: 'r', traceparent: '' },
    'm',
    undefined,
  )!;
  return { asked, guard: StreamGuard.for(plan, windowChars), plan };
}

describe('StreamGuard', () => {
  it('holds chunks until a window ends on whitespace, then lets them out as they came', async () => {
    const { guard, asked } = guardFor('during_call', {});
    const first = chunk('Once upon ', { role: 'assistant' });
    expect(await guard.add(chunk('Once'))).toEqual([]);
    const out = await guard.add(first);
    expect(out).toHaveLength(2);
    expect(out[1]).toBe(first);
    expect(await guard.add(chunk('a time'))).toEqual([]);
    expect(contentOf(await guard.end())).toBe('a time');
    expect(asked.map((a) => [a.stage, a.source])).toEqual([
      ['during_call', 'output'],
      ['during_call', 'output'],
    ]);
  });

  it('shows each window with the tail of what went before, so a term split across windows is caught', async () => {
    const { guard, asked } = guardFor('during_call', { block: 'project falcon' });
    await guard.add(chunk('about the project '));
    await expect(guard.add(chunk('falcon plans '))).rejects.toMatchObject({ kind: 'content_policy' });
    expect(asked.at(-1)?.texts).toEqual(['about the project falcon plans ']);
  });

  it('sends a masked window as one chunk of masked text, then what else the chunks carried', async () => {
    const { guard } = guardFor('during_call', { mask: 'me@x.io' });
    await guard.add(chunk('', { role: 'assistant' }));
    await guard.add(chunk('write me@'));
    await guard.add(chunk('x.io'));
    await guard.add(finishChunk);
    const out = (await guard.end()).map((c) => c.object());
    expect(out[0].choices).toEqual([
      { index: 0, delta: { role: 'assistant', content: 'write [M]' }, finish_reason: null },
    ]);
    expect(out.slice(1).map((c) => c.choices)).toEqual([[{ index: 0, delta: {}, finish_reason: 'stop' }]]);
  });

  it('under post_call, holds the whole answer and checks it once at the end', async () => {
    const { guard, asked } = guardFor('post_call', {});
    for (const text of ['a long ', 'answer that ', 'goes on ']) expect(await guard.add(chunk(text))).toEqual([]);
    expect(contentOf(await guard.end())).toBe('a long answer that goes on ');
    expect(asked.map((a) => [a.stage, a.texts])).toEqual([['post_call', ['a long answer that goes on ']]]);
  });
});
