import { GuardrailEngine, GuardrailInput, GuardrailVerdict } from '../guardrail-engine';
import { Finding, Rule, Scanner } from './finding';
import { maskFindings } from './masking';

/**
 * `litellm_content_filter`: prebuilt and custom patterns and blocked words, each set to block or
 * mask. Any block finding in any text blocks; otherwise every mask finding is replaced by its tag.
 * Input and output are checked alike.
 */
export class ContentFilterEngine implements GuardrailEngine {
  readonly masksInput: boolean;

  constructor(
    readonly name: string,
    private readonly blocking: readonly Scanner[],
    private readonly masking: readonly Scanner[],
  ) {
    this.masksInput = masking.length > 0;
  }

  check(input: GuardrailInput): Promise<GuardrailVerdict> {
    return Promise.resolve(this.verdict(input.texts, input.requestId));
  }

  private verdict(texts: readonly string[], requestId: string): GuardrailVerdict {
    const blocked = new Set(texts.flatMap((text) => findIn(text, this.blocking)).map((finding) => finding.rule));
    if (blocked.size > 0) return { action: 'block', ...describeBlock([...blocked]) };
    if (this.masking.length === 0) return { action: 'pass' };
    const counts = new Map<string, number>();
    const masked = texts.map((text) => {
      const findings = findIn(text, this.masking);
      if (findings.length === 0) return text;
      const result = maskFindings(text, findings, requestId);
      for (const { rule } of result.masked) counts.set(rule.name, (counts.get(rule.name) ?? 0) + 1);
      return result.text;
    });
    if (counts.size === 0) return { action: 'pass' };
    const detail = [...counts].map(([name, count]) => `${count} ${name}`).join(', ');
    return { action: 'mask', type: [...counts.keys()].join(','), detail: `masked ${detail}`, texts: masked };
  }
}

function findIn(text: string, scanners: readonly Scanner[]): Finding[] {
  const found: Finding[] = [];
  for (const scanner of scanners) scanner.scan(text, found);
  return found;
}

/** Names what was found, never the text that matched: that would hand the blocked value back. */
function describeBlock(rules: readonly Rule[]): { type: string; detail: string } {
  const type = [...new Set(rules.map((rule) => rule.name))].join(',');
  const labels = [...new Set(rules.map((rule) => rule.label))].join(', ');
  return { type, detail: `contains ${labels}` };
}
