import { GuardrailSource, GuardrailVerdict } from '../guardrail-engine';
import { denyListFactory } from './deny-list.factory';

const at = 'guardrails[0].litellm_params';
const deps = { resolvers: {}, env: {} };
const required = [{ location: `${at}.terms`, message: 'is required: a list of the words and phrases to block' }];

function check(terms: unknown[], texts: string[], source: GuardrailSource = 'input'): Promise<GuardrailVerdict> {
  const built = denyListFactory('deny', { terms }, at, deps);
  if ('issues' in built) throw new Error(JSON.stringify(built.issues));
  const signal = new AbortController().signal;
  return built.engine.check({ stage: 'pre_call', source, texts, requestId: 'req-1', signal });
}

describe('deny_list', () => {
  it.each([
    ['any case', ['secret'], ['This is SECRET.']],
    ['a capitalised term', ['Secret'], ['a secret plan']],
    ['a whole text', ['secret'], ['secret']],
    ['a multi-word phrase', ['project falcon'], ['Status of Project Falcon?']],
    ['a term ending in punctuation', ['c++'], ['I code in C++ daily']],
    ['a term starting with punctuation', ['.net'], ['we use .NET 8']],
    ['a term with a regex dot', ['a.b'], ['see a.b here']],
    ['a term wrapped in punctuation', ['(beta)'], ['release (beta) now']],
    ['a term with regex quantifiers', ['a*b+'], ['x a*b+ y']],
    ['one of several terms', ['alpha', 'bravo', 'falcon'], ['the falcon flies']],
    ['a padded term, trimmed', ['  secret  '], ['the secret']],
  ])('blocks %s', async (_, terms, texts) => {
    const verdict = await check(terms, texts);
    expect(verdict).toEqual({ action: 'block', type: 'deny_list', detail: 'text 0 contains a denied term' });
  });

  it.each([
    ['a longer word', ['secret'], 'my secretary called'],
    ['a plural', ['secret'], 'no secrets here'],
    ['a word ending in the term', ['secret'], 'nosecret'],
    ['a phrase as a prefix', ['project falcon'], 'project falconry'],
    ['a phrase split by punctuation', ['project falcon'], 'project, falcon'],
    ['a punctuated term after a word character', ['c++'], 'abc++'],
    ['a punctuated term before a word character', ['.net'], 'visit example.network'],
    ['any character for a dot', ['a.b'], 'axb'],
    ['a repeat for a star', ['a*'], 'aaa'],
    ['the term without its punctuation', ['(beta)'], 'beta'],
    ['an alternation in a term', ['foo|bar'], 'bar'],
  ])('passes %s', async (_, terms, text) => {
    expect(await check(terms, [text])).toEqual({ action: 'pass' });
  });

  it.each([
    [['the secret', 'fine'], 0],
    [['fine', 'the secret', 'SECRET again'], 1],
    [['fine', 'also fine', 'a secret'], 2],
  ])('names the first text with a term: %j', async (texts, index) => {
    expect(await check(['secret'], texts)).toMatchObject({ detail: `text ${index} contains a denied term` });
  });

  it('checks output as it checks input', async () => {
    expect(await check(['secret'], ['the secret'], 'output')).toMatchObject({ action: 'block' });
  });

  // The term is what the operator keeps off the wire.
  it.each([['secret'], ['project falcon'], ['c++'], ['.net'], ['a.b']])('never tells the term %s', async (term) => {
    const verdict = await check([term], [`x ${term} y`]);
    expect(verdict.action).toBe('block');
    expect(JSON.stringify(verdict).toLowerCase()).not.toContain(term);
  });

  it.each([
    ['missing', {}, required],
    ['empty', { terms: [] }, required],
    ['not a list', { terms: 'secret' }, required],
    [
      'with bad entries',
      { terms: ['ok', '', 3, '  ', null] },
      [1, 2, 3, 4].map((i) => ({ location: `${at}.terms[${i}]`, message: 'must be a non-empty string' })),
    ],
  ])('reports terms %s', (_, params, issues) => {
    expect(denyListFactory('deny', params, at, deps)).toEqual({ issues });
  });
});
