import { literalTermsSource } from '../deny-list/literal-terms';
import { Finding, Rule, Scanner } from './finding';

export interface BlockedWord {
  readonly keyword: string;
  readonly description?: string;
}

const KEYWORD_RULE = 'blocked_word';

/** Finds blocked words, case-insensitively on word boundaries, in one pass for all of them. */
export class KeywordScanner implements Scanner {
  private readonly regex: RegExp;
  /** By upper case: the regex's case-insensitive match agrees with `toUpperCase`, character by character. */
  private readonly rules: ReadonlyMap<string, Rule>;
  private readonly unnamed: Rule = { name: KEYWORD_RULE, label: 'a blocked word' };

  constructor(words: readonly BlockedWord[]) {
    this.regex = new RegExp(literalTermsSource(words.map((word) => word.keyword)), 'gi');
    this.rules = new Map(
      words.map((word) => [
        word.keyword.toUpperCase(),
        word.description ? { name: KEYWORD_RULE, label: `a blocked word (${word.description})` } : this.unnamed,
      ]),
    );
  }

  scan(text: string, found: Finding[]): void {
    this.regex.lastIndex = 0;
    for (let match = this.regex.exec(text); match; match = this.regex.exec(text)) {
      const rule = this.rules.get(match[0].toUpperCase()) ?? this.unnamed;
      found.push({ start: match.index, end: match.index + match[0].length, rule });
    }
  }
}
