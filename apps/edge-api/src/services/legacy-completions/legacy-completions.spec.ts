import { ChatCompletion, ChatCompletionChunk } from '@gatehouse/providers-core';
import { parseCompletionRequest } from './completion-request.schema';
import { fromChatChunk, fromChatCompletions } from './fromChatCompletion';
import { promptsOf, toChatRequest } from './toChatRequest';

const parse = (body: Record<string, unknown>) => parseCompletionRequest({ model: 'm', ...body });

describe('legacy completions → chat requests', () => {
  it('keeps the shared sampling fields and puts the prompt in one user message', () => {
    const request = parse({ prompt: 'hi', max_tokens: 5, temperature: 0.2, stop: 'x', n: 2, user: 'u', echo: false });
    expect(toChatRequest(request, 'hi')).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 5,
      temperature: 0.2,
      stop: 'x',
      n: 2,
      user: 'u',
    });
  });

  it("carries the gateway's own fields across for the pipeline to check and take off", () => {
    const fields = { tags: ['eu'], num_retries: 2, fallbacks: ['b'], cache: { 'no-cache': true }, guardrails: ['pii'] };
    expect(toChatRequest(parse({ prompt: 'hi', ...fields }), 'hi')).toMatchObject(fields);
  });

  it.each([
    [{ prompt: 'a' }, ['a']],
    [{ prompt: ['a', 'b'] }, ['a', 'b']],
    [{ prompt: ['a'], stream: true }, ['a']],
  ])('reads the prompts of %j', (body, prompts) => {
    expect(promptsOf(parse(body))).toEqual(prompts);
  });

  it.each([
    ['suffix', { prompt: 'a', suffix: 'b' }],
    ['echo', { prompt: 'a', echo: true }],
    ['logprobs', { prompt: 'a', logprobs: 0 }],
    ['best_of', { prompt: 'a', best_of: 3 }],
    ['prompt', { prompt: ['a', 'b'], stream: true }],
  ])('refuses %s clearly', (param, body) => {
    expect(() => promptsOf(parse(body))).toThrow(
      expect.objectContaining({ kind: 'bad_request', details: expect.objectContaining({ param }) as object }) as Error,
    );
  });

  it.each([
    ['token arrays', { prompt: [[1, 2]] }, 'prompt'],
    ['unknown fields', { prompt: 'a', frobnicate: 1 }, 'frobnicate'],
    ['a missing prompt', {}, 'prompt'],
  ])('rejects %s at validation', (_, body, mention) => {
    expect(() => parse(body)).toThrow(
      expect.objectContaining({ message: expect.stringContaining(mention) as string }) as Error,
    );
  });
});

describe('chat answers → text_completion', () => {
  const completion = (text: string, n = 1): ChatCompletion => ({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 7,
    model: 'gpt',
    choices: Array.from({ length: n }, (_, index) => ({
      index,
      message: { role: 'assistant', content: `${text}${index}` },
      finish_reason: 'stop',
    })),
    usage: { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 },
  });

  it('numbers choices prompt by prompt and sums usage', () => {
    const out = fromChatCompletions([completion('a', 2), completion('b', 2)], 2);
    expect(out).toMatchObject({ id: 'cmpl-1', object: 'text_completion', created: 7, model: 'gpt' });
    expect(out.choices).toEqual([
      { text: 'a0', index: 0, logprobs: null, finish_reason: 'stop' },
      { text: 'a1', index: 1, logprobs: null, finish_reason: 'stop' },
      { text: 'b0', index: 2, logprobs: null, finish_reason: 'stop' },
      { text: 'b1', index: 3, logprobs: null, finish_reason: 'stop' },
    ]);
    expect(out.usage).toEqual({ prompt_tokens: 4, completion_tokens: 6, total_tokens: 10 });
  });

  const chunk = (
    delta: { content?: string; role?: 'assistant' },
    finish: string | null = null,
  ): ChatCompletionChunk => ({
    id: 'chatcmpl-2',
    object: 'chat.completion.chunk',
    created: 8,
    model: 'gpt',
    choices: [{ index: 0, delta, finish_reason: finish }],
  });

  it.each([
    ['a role-only chunk', chunk({ role: 'assistant', content: '' }), undefined],
    [
      'a text chunk',
      chunk({ content: 'hi' }),
      {
        id: 'cmpl-2',
        object: 'text_completion',
        created: 8,
        model: 'gpt',
        choices: [{ text: 'hi', index: 0, logprobs: null, finish_reason: null }],
      },
    ],
    [
      'a finishing chunk',
      chunk({}, 'length'),
      expect.objectContaining({ choices: [{ text: '', index: 0, logprobs: null, finish_reason: 'length' }] }),
    ],
    [
      'the usage chunk',
      { ...chunk({}), choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } },
      expect.objectContaining({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }),
    ],
  ])('streams %s', (_, input, expected) => {
    expect(fromChatChunk(input)).toEqual(expected);
  });
});
