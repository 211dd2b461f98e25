import parallelCalls from './fixtures/response-parallel-calls.json';
import { fromGeminiFinishReason, fromGeminiResponse, fromGeminiUsage } from './gemini.response';
import { GeminiGenerateResponse } from './gemini.types';
import { thrownBy } from './gemini.spec-helpers';

const identity = { id: 'chatcmpl-fixed', key: 'fixed', created: 1700000000 };

describe('fromGeminiFinishReason', () => {
  it.each([
    ['STOP', false, 'stop'],
    ['STOP', true, 'tool_calls'],
    ['MAX_TOKENS', false, 'length'],
    ['MAX_TOKENS', true, 'length'],
    ['SAFETY', false, 'content_filter'],
    ['RECITATION', false, 'content_filter'],
    ['BLOCKLIST', false, 'content_filter'],
    ['PROHIBITED_CONTENT', false, 'content_filter'],
    ['SPII', false, 'content_filter'],
    ['IMAGE_SAFETY', false, 'content_filter'],
    ['LANGUAGE', false, 'stop'],
    ['OTHER', false, 'stop'],
    ['MALFORMED_FUNCTION_CALL', false, 'stop'],
    ['FINISH_REASON_UNSPECIFIED', false, 'stop'],
    ['SOMETHING_NEW', false, 'stop'],
  ])('maps %s (tool calls: %s) to %s', (reason, calledTools, expected) => {
    expect(fromGeminiFinishReason(reason, calledTools)).toBe(expected);
  });
});

describe('fromGeminiUsage', () => {
  it('counts thinking inside completion tokens and reports cached and reasoning tokens', () => {
    expect(fromGeminiUsage(parallelCalls.usageMetadata)).toEqual({
      promptTokens: 40,
      completionTokens: 20,
      totalTokens: 60,
      cachedPromptTokens: 16,
      reasoningTokens: 8,
    });
  });

  it('sums what it has when the total is missing, and zero when there is nothing', () => {
    expect(fromGeminiUsage({ promptTokenCount: 3, candidatesTokenCount: 4 }).totalTokens).toBe(7);
    expect(fromGeminiUsage(undefined).totalTokens).toBe(0);
  });
});

describe('fromGeminiResponse', () => {
  it('turns parallel function calls into tool calls with stable ids, thoughts into reasoning_content', () => {
    const { completion, usage } = fromGeminiResponse(parallelCalls as GeminiGenerateResponse, identity);
    expect(completion).toMatchObject({ id: 'chatcmpl-resp-1', object: 'chat.completion', model: 'gemini-2.5-flash' });
    expect(completion.choices).toEqual([
      {
        index: 0,
        finish_reason: 'tool_calls',
        message: {
          role: 'assistant',
          content: null,
          reasoning_content: 'Let me check the weather.',
          tool_calls: [
            {
              id: 'call_resp-1_0__thought__c2ln',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
            { id: 'call_resp-1_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
          ],
        },
      },
    ]);
    expect(completion.usage).toMatchObject({ prompt_tokens: 40, completion_tokens: 20, total_tokens: 60 });
    expect(usage.reasoningTokens).toBe(8);
  });

  it('gives every candidate a choice (n > 1), and text answers content', () => {
    const response: GeminiGenerateResponse = {
      candidates: [
        { index: 0, content: { parts: [{ text: 'a' }, { text: 'b' }] }, finishReason: 'STOP' },
        { index: 1, content: { parts: [{ text: 'c' }] }, finishReason: 'MAX_TOKENS' },
      ],
    };
    const { completion } = fromGeminiResponse(response, identity);
    expect(completion.id).toBe('chatcmpl-fixed');
    expect(completion.choices.map((c) => [c.message.content, c.finish_reason])).toEqual([
      ['ab', 'stop'],
      ['c', 'length'],
    ]);
  });

  it('answers content_policy when the prompt itself was blocked', () => {
    const blocked = { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 3 } };
    expect(thrownBy(() => fromGeminiResponse(blocked, identity))).toMatchObject({
      kind: 'content_policy',
      details: { upstreamStatus: 200 },
    });
  });
});
