import { GuardrailSource, GuardrailVerdict } from '../guardrail-engine';
import { maxInputSizeFactory } from './max-input-size.factory';

const at = 'guardrails[1].litellm_params';
const deps = { resolvers: {}, env: {} };

function check(maxChars: unknown, texts: string[], source: GuardrailSource = 'input'): Promise<GuardrailVerdict> {
  const built = maxInputSizeFactory('size', { max_chars: maxChars }, at, deps);
  if ('issues' in built) throw new Error(JSON.stringify(built.issues));
  const signal = new AbortController().signal;
  return built.engine.check({ stage: 'pre_call', source, texts, requestId: 'req-1', signal });
}

const over = (size: number, limit: number): GuardrailVerdict => ({
  action: 'block',
  type: 'max_input_size',
  detail: `input is ${size} characters, over the limit of ${limit}`,
});
const pass: GuardrailVerdict = { action: 'pass' };

describe('max_input_size', () => {
  it.each([
    ['a text at the limit', 5, ['hello'], pass],
    ['a text one over', 5, ['hello!'], over(6, 5)],
    ['texts summing to the limit', 5, ['hel', 'lo'], pass],
    ['texts summing to one over', 5, ['hel', 'lo!'], over(6, 5)],
    ['no texts', 1, [], pass],
    ['empty texts', 1, ['', ''], pass],
    ['accented letters, one unit each', 5, ['héllo'], pass],
    // Two UTF-16 units each: a length-based count would see four.
    ['two emoji under a limit of two', 2, ['😀👍'], pass],
    ['two emoji over a limit of one', 1, ['😀👍'], over(2, 1)],
    ['emoji summed across texts', 3, ['a😀', 'b'], pass],
    ['emoji summed across texts, one over', 2, ['a😀', 'b'], over(3, 2)],
    // JSON's "\ud83d" escapes arrive as lone surrogates, a character each.
    ['lone high surrogates', 10, ['\ud83d'.repeat(11)], over(11, 10)],
    ['a lone high surrogate before an emoji', 2, ['\ud83d😀'], pass],
    ['a lone high surrogate at a text’s end', 2, ['😀\ud83d', 'x'], over(3, 2)],
  ])('%s', async (_, limit, texts, verdict) => {
    expect(await check(limit, texts)).toEqual(verdict);
  });

  it('passes output of any size: it limits what is sent, not what comes back', async () => {
    expect(await check(1, ['a long answer'], 'output')).toEqual(pass);
  });

  it.each([
    ['a number', 3],
    ['a numeric string from os.environ', '3'],
    ['a padded numeric string', ' 3 '],
  ])('accepts %s', async (_, maxChars) => {
    expect(await check(maxChars, ['abc'])).toEqual(pass);
    expect(await check(maxChars, ['abcd'])).toEqual(over(4, 3));
  });

  const notPositive = 'must be a positive whole number of characters';
  it.each([
    ['missing', undefined, 'is required: the most characters a request may send'],
    ['zero', 0, notPositive],
    ['negative', -5, notPositive],
    ['fractional', 2.5, notPositive],
    ['a fractional string', '2.5', notPositive],
    ['a word', 'lots', notPositive],
    ['an empty string', '', notPositive],
    ['infinite', Infinity, notPositive],
    ['a boolean', true, notPositive],
    ['null', null, notPositive],
  ])('reports max_chars %s', (_, maxChars, message) => {
    expect(maxInputSizeFactory('size', { max_chars: maxChars }, at, deps)).toEqual({
      issues: [{ location: `${at}.max_chars`, message }],
    });
  });
});
