import { GatewayFailure } from '@gatehouse/errors';
import { ChatCompletion, fromOpenAiUsage } from '@gatehouse/providers-core';
import { anthropicErrorBody } from './anthropic-errors';
import { fromChatCompletion, stopReasonOf, toolInputOf } from './fromChatCompletion';

const usage = {
  prompt_tokens: 10,
  completion_tokens: 4,
  total_tokens: 14,
  prompt_tokens_details: { cached_tokens: 3 },
};

function completion(message: ChatCompletion['choices'][number]['message'], finish: string): ChatCompletion {
  return {
    id: 'chatcmpl-abc123',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message, finish_reason: finish }],
    usage,
  };
}

describe('fromChatCompletion (canonical chat → Anthropic message)', () => {
  it('answers text with end_turn and Anthropic usage (cache reads apart)', () => {
    const message = fromChatCompletion(
      completion({ role: 'assistant', content: 'hello' }, 'stop'),
      'claude-alias',
      fromOpenAiUsage(usage),
    );
    expect(message).toEqual({
      id: 'msg_abc123',
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text: 'hello' }],
      model: 'claude-alias',
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 7, output_tokens: 4, cache_creation_input_tokens: 0, cache_read_input_tokens: 3 },
    });
  });

  it('answers tool calls as tool_use blocks with parsed input', () => {
    const message = fromChatCompletion(
      completion(
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } },
            { id: 'call_2', type: 'function', function: { name: 'g', arguments: '' } },
          ],
        },
        'tool_calls',
      ),
      'm',
      fromOpenAiUsage(usage),
    );
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'call_1', name: 'f', input: { a: 1 } },
      { type: 'tool_use', id: 'call_2', name: 'g', input: {} },
    ]);
    expect(message.stop_reason).toBe('tool_use');
  });

  it.each([
    ['stop', 'end_turn'],
    ['length', 'max_tokens'],
    ['tool_calls', 'tool_use'],
    ['function_call', 'tool_use'],
    ['content_filter', 'refusal'],
    ['stop_sequence', 'stop_sequence'],
    [null, 'end_turn'],
    ['something_new', 'end_turn'],
  ])('maps finish_reason %s to stop_reason %s', (finish, stop) => {
    expect(stopReasonOf(finish)).toBe(stop);
  });

  it.each(['{not json', '[1,2]', '"s"'])('fails as upstream on tool arguments %s', (args) => {
    expect(() => toolInputOf(args)).toThrow(GatewayFailure);
  });

  it.each([
    ['bad_request', 400, 'invalid_request_error'],
    ['context_window_exceeded', 400, 'invalid_request_error'],
    ['authentication', 401, 'authentication_error'],
    ['permission_denied', 403, 'permission_error'],
    ['not_found', 404, 'not_found_error'],
    ['payload_too_large', 413, 'request_too_large'],
    ['rate_limited', 429, 'rate_limit_error'],
    ['internal', 500, 'api_error'],
    ['upstream', 502, 'api_error'],
    ['unavailable', 503, 'overloaded_error'],
    ['timeout', 504, 'timeout_error'],
  ] as const)('shapes a %s failure as HTTP %i %s', (kind, status, type) => {
    const failure = new GatewayFailure(kind, 'why');
    expect(failure.status).toBe(status);
    expect(anthropicErrorBody(failure)).toEqual({ type: 'error', error: { type, message: 'why' } });
  });
});
