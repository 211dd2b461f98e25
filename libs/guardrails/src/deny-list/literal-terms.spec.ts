import { literalTermsSource } from './literal-terms';

const matches = (terms: string[], text: string) =>
  [...text.matchAll(new RegExp(literalTermsSource(terms), 'gi'))].map((match) => match[0]);

// The content filter masks what the regex matches, so the match itself must be the longer term.
describe('literalTermsSource', () => {
  it.each([
    [['project', 'project falcon'], 'the project falcon plan', ['project falcon']],
    [['c', 'c++'], 'c++ and c', ['c++', 'c']],
    [['foo', 'foo+'], 'use foo+ now', ['foo+']],
    // "abc-def" is longest and ends in a word character, "foo+" does not: a group per end tried "foo" first
    [['abc-def', 'foo+', 'foo'], 'use foo+ now', ['foo+']],
    [['.net', '.net core'], 'on .NET Core 8', ['.NET Core']],
    [['secret', 'secret plan'], 'secret plan, secret', ['secret plan', 'secret']],
  ])('prefers the longer of %j in %j', (terms, text, expected) => {
    expect(matches(terms, text)).toEqual(expected);
  });
});
