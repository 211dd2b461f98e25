import { GuardrailConfig } from '@gatehouse/config';
import { DenyListCheck } from '../services/deny-list.check';

/** The guardrails this service can run, by name; entries of other kinds are skipped and reported. */
export class GuardrailCatalog {
  private readonly checks = new Map<string, DenyListCheck>();
  readonly unsupported: string[] = [];

  constructor(entries: readonly GuardrailConfig[]) {
    for (const entry of entries) {
      const params = entry.litellm_params;
      if (params.guardrail !== 'deny_list') {
        this.unsupported.push(`${entry.guardrail_name} (${params.guardrail})`);
        continue;
      }
      const terms = Array.isArray(params.terms) ? params.terms.filter((t): t is string => typeof t === 'string') : [];
      this.checks.set(entry.guardrail_name, new DenyListCheck(entry.guardrail_name, terms));
    }
  }

  get(name: string): DenyListCheck | undefined {
    return this.checks.get(name);
  }
}
