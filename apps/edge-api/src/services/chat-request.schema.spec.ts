import { GatewayFailure } from '@gatehouse/errors';
import { parseChatRequest, parseEmbeddingRequest } from './chat-request.schema';

function failureOf(fn: () => unknown): GatewayFailure {
  try {
    fn();
  } catch (error) {
    if (error instanceof GatewayFailure) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('chat request validation', () => {
  it('accepts an OpenAI body and keeps fields it does not check', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 'hi' }], seed: 7, logit_bias: { '1': 2 } };
    expect(parseChatRequest(body)).toEqual(body);
  });

  it.each([
    [{ messages: [{ role: 'user', content: 'x' }] }, 'model', 'model: is required'],
    [{ model: 'm' }, 'messages', 'messages: is required'],
    [{ model: 'm', messages: [] }, 'messages', undefined],
    [{ model: 'm', messages: [{ role: 'robot', content: 'x' }] }, 'messages[0].role', undefined],
    [{ model: 'm', messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].tool_call_id', undefined],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], temperature: 3 }, 'temperature', undefined],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], max_tokens: 0 }, 'max_tokens', undefined],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: 'yes' }, 'stream', undefined],
  ])('rejects %j naming %s', (body, param, message) => {
    const failure = failureOf(() => parseChatRequest(body));
    expect(failure.kind).toBe('bad_request');
    expect(failure.details.param).toBe(param);
    expect(failure.message.startsWith(`${param}: `)).toBe(true);
    if (message) expect(failure.message).toBe(message);
  });

  it('rejects a body that is not an object', () => {
    expect(failureOf(() => parseChatRequest([1, 2])).message).toBe('the request body must be a JSON object');
    expect(failureOf(() => parseChatRequest(null)).kind).toBe('bad_request');
  });
});

describe('embedding request validation', () => {
  it('accepts a string or a list of strings', () => {
    expect(parseEmbeddingRequest({ model: 'e', input: 'a' }).input).toBe('a');
    expect(parseEmbeddingRequest({ model: 'e', input: ['a', 'b'] }).input).toEqual(['a', 'b']);
  });

  it('rejects a missing input', () => {
    expect(failureOf(() => parseEmbeddingRequest({ model: 'e' })).details.param).toBe('input');
  });
});
