/** What a content-filter entry does with what it finds. */
export type FilterAction = 'block' | 'mask';

/** One configured thing to look for, as verdicts name it. */
export interface Rule {
  /** The verdict's type, the mask detail's noun and the tag's kind: `email`, `employee_id`, `blocked_word`. */
  readonly name: string;
  /** What a block tells the client was found, never the text itself: `a US social security number (us_ssn)`. */
  readonly label: string;
}

/** Where a rule matched, as offsets into the text. */
export interface Finding {
  readonly start: number;
  readonly end: number;
  readonly rule: Rule;
}

/** Looks for one or more rules in a text, adding what it finds. */
export interface Scanner {
  scan(text: string, found: Finding[]): void;
}
