import { maskTag } from '../mask-tag';
import { Finding } from './finding';

/**
 * The text with each finding replaced by its tag, and the findings replaced. Where findings overlap
 * (a phone number inside a card number's digits) the one that starts first, then the longer, wins.
 */
export function maskFindings(
  text: string,
  findings: readonly Finding[],
  requestId: string,
): { text: string; masked: Finding[] } {
  const ordered = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const masked: Finding[] = [];
  let out = '';
  let cursor = 0;
  for (const finding of ordered) {
    if (finding.start < cursor) continue;
    out +=
      text.slice(cursor, finding.start) + maskTag(requestId, finding.rule.name, text.slice(finding.start, finding.end));
    cursor = finding.end;
    masked.push(finding);
  }
  return { text: out + text.slice(cursor), masked };
}
