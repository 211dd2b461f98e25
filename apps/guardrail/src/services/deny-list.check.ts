import { guardrail } from '@gatehouse/contracts';

/**
 * Blocks text containing any listed term (case-insensitive, on word boundaries), configured as
 * `guardrail: deny_list` with `terms: [...]` under a guardrails entry's litellm_params.
 */
export class DenyListCheck {
  private readonly pattern: RegExp | undefined;

  constructor(
    readonly name: string,
    terms: readonly string[],
  ) {
    const escaped = terms.filter((t) => t.trim() !== '').map((t) => t.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    this.pattern = escaped.length > 0 ? new RegExp(`(?<!\\w)(?:${escaped.join('|')})(?!\\w)`, 'i') : undefined;
  }

  inspect(texts: readonly string[]): guardrail.Finding[] {
    if (!this.pattern) return [];
    const findings: guardrail.Finding[] = [];
    texts.forEach((text, index) => {
      const match = this.pattern!.exec(text);
      if (match)
        findings.push({ guardrail: this.name, type: 'deny_list', detail: `text ${index} contains a denied term` });
    });
    return findings;
  }
}
