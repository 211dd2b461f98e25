/**
 * A regex source matching any of the terms literally, on word boundaries: `\b` beside a term's word
 * characters, `(?<!\w)` and `(?!\w)` beside punctuation (`c++`), which are the same test there.
 * Terms with the same edges share one group: V8 scans a factored alternation of hundreds of terms
 * about as fast as one of thirty, but one with a boundary inside each alternative many times slower.
 * Longer terms come first, so of two that overlap the longer is the match.
 */
export function literalTermsSource(terms: readonly string[]): string {
  const groups = new Map<string, { before: string; after: string; escaped: string[] }>();
  for (const term of [...terms].sort((a, b) => b.length - a.length)) {
    const before = /^\w/.test(term) ? '\\b' : '(?<!\\w)';
    const after = /\w$/.test(term) ? '\\b' : '(?!\\w)';
    const group = groups.get(before + after) ?? { before, after, escaped: [] };
    group.escaped.push(term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    groups.set(before + after, group);
  }
  return [...groups.values()].map((group) => `${group.before}(?:${group.escaped.join('|')})${group.after}`).join('|');
}
