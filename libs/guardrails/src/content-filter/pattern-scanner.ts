import { Finding, Rule, Scanner } from './finding';

/** A finding's `[start, end)` offsets in the text. */
export type Span = readonly [number, number];

/**
 * Where a regex candidate's finding lies (a checksum, a context check, a widening), or undefined for none.
 * `after` is where the scan's last finding ended: a confirm that looks behind its match starts there,
 * so it does not find the same thing again.
 */
export type Confirm = (match: RegExpExecArray, text: string, after: number) => Span | undefined;

/** One regex pass for a pattern: cheap candidates, each confirmed by `confirm` when it has one. */
export interface Scan {
  /** Global. */
  readonly regex: RegExp;
  /** A cheaper test that the text may hold a match at all, so most texts skip the regex. */
  readonly mayContain?: (text: string) => boolean;
  readonly confirm?: Confirm;
}

/** Finds a pattern's matches with its scans. Each scanner owns copies of the regexes, so none shares a `lastIndex`. */
export class PatternScanner implements Scanner {
  private readonly scans: readonly Scan[];

  constructor(
    private readonly rule: Rule,
    scans: readonly Scan[],
  ) {
    this.scans = scans.map((scan) => ({ ...scan, regex: new RegExp(scan.regex) }));
  }

  scan(text: string, found: Finding[]): void {
    for (const { regex, mayContain, confirm } of this.scans) {
      if (mayContain && !mayContain(text)) continue;
      regex.lastIndex = 0;
      let after = 0;
      for (let match = regex.exec(text); match; match = regex.exec(text)) {
        const span = confirm ? confirm(match, text, after) : ([match.index, match.index + match[0].length] as const);
        if (span && span[1] > span[0]) {
          found.push({ start: span[0], end: span[1], rule: this.rule });
          after = span[1];
          regex.lastIndex = Math.max(span[1], match.index + 1);
        } else {
          // A rejected candidate may run into a real match (a bad IBAN into the next IBAN), so look
          // again from its next character; this also steps past an operator's empty match.
          regex.lastIndex = match.index + 1;
        }
      }
    }
  }
}
