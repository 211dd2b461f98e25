import { ChatMessage, ChatRequest } from '@gatehouse/providers-core';
import { countChatPromptTokens, countTokens, estimateStreamUsage } from './token-counter';

// The example chat from OpenAI's cookbook "How to count tokens with tiktoken", for which the API
// itself reported 124 prompt tokens on gpt-4o and gpt-4o-mini.
const COOKBOOK_CHAT: ChatMessage[] = [
  {
    role: 'system',
    content: 'You are a helpful, pattern-following assistant that translates corporate jargon into plain English.',
  },
  { role: 'system', name: 'example_user', content: 'New synergies will help drive top-line growth.' },
  { role: 'system', name: 'example_assistant', content: 'Things working well together will increase revenue.' },
  {
    role: 'system',
    name: 'example_user',
    content: "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.",
  },
  {
    role: 'system',
    name: 'example_assistant',
    content: "Let's talk later when we're less busy about how to do better.",
  },
  {
    role: 'user',
    content: "This late pivot means we don't have time to boil the ocean for the client deliverable.",
  },
];

describe('countTokens', () => {
  it('counts o200k_base tokens', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokens('hello world')).toBe(2);
    expect(countTokens('a'.repeat(1_000))).toBeLessThan(1_000);
  });

  it('counts special-token text as plain text instead of throwing', () => {
    expect(countTokens('<|endoftext|>')).toBeGreaterThan(1);
  });
});

describe('countChatPromptTokens', () => {
  it('matches what OpenAI reported for its cookbook example', () => {
    expect(countChatPromptTokens(COOKBOOK_CHAT)).toBe(124);
  });

  it('adds the framing per message, a token per name and the reply priming', () => {
    const plain: ChatMessage = { role: 'user', content: 'hello world' };
    // 3 priming + 3 framing + 1 role + 2 content.
    expect(countChatPromptTokens([plain])).toBe(9);
    expect(countChatPromptTokens([plain, plain])).toBe(15);
    expect(countChatPromptTokens([{ ...plain, name: 'alice' }])).toBe(9 + 1 + countTokens('alice'));
    expect(countChatPromptTokens([])).toBe(3);
  });

  it('counts text parts and images by detail', () => {
    const image = (detail?: 'low' | 'high') => ({ type: 'image_url', image_url: { url: 'https://a/x.png', detail } });
    const text = { type: 'text', text: 'hello world' };
    const base = countChatPromptTokens([{ role: 'user', content: [text] }]);
    expect(base).toBe(9);
    expect(countChatPromptTokens([{ role: 'user', content: [text, image('low')] }])).toBe(base + 85);
    expect(countChatPromptTokens([{ role: 'user', content: [text, image('high')] }])).toBe(base + 765);
    expect(countChatPromptTokens([{ role: 'user', content: [text, image()] }])).toBe(base + 765);
    expect(countChatPromptTokens([{ role: 'user', content: null }])).toBe(3 + 3 + 1);
  });

  it("counts an assistant's tool calls by name and arguments", () => {
    const call = {
      id: 'call_1',
      type: 'function' as const,
      function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
    };
    const withoutCalls = countChatPromptTokens([{ role: 'assistant', content: null }]);
    expect(countChatPromptTokens([{ role: 'assistant', content: null, tool_calls: [call] }])).toBe(
      withoutCalls + countTokens('get_weather') + countTokens('{"city":"Paris"}'),
    );
  });
});

describe('estimateStreamUsage', () => {
  const request: ChatRequest = { model: 'gpt-4o', messages: COOKBOOK_CHAT, stream: true };

  it('bills the prompt and what was streamed before the stream broke off', () => {
    expect(estimateStreamUsage(request, 'Changing course late leaves no room')).toEqual({
      promptTokens: 124,
      completionTokens: countTokens('Changing course late leaves no room'),
      totalTokens: 124 + countTokens('Changing course late leaves no room'),
      cachedPromptTokens: 0,
      reasoningTokens: 0,
    });
    expect(estimateStreamUsage(request, '').completionTokens).toBe(0);
  });

  it('counts tool definitions into the prompt', () => {
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }];
    const usage = estimateStreamUsage({ ...request, tools }, '');
    expect(usage.promptTokens).toBe(124 + countTokens(JSON.stringify(tools)));
    expect(estimateStreamUsage({ ...request, tools: [] }, '').promptTokens).toBe(124);
  });
});
