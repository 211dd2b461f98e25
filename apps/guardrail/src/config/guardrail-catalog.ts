import { ConfigError, GuardrailConfig } from '@gatehouse/config';
import { DenyListCheck } from '../services/deny-list.check';

/**
 * The guardrails this service runs, by name. A configured guardrail of a kind it cannot run stops
 * start-up (ConfigError naming it): skipping it would let traffic through that the operator meant
 * to check.
 */
export class GuardrailCatalog {
  private readonly checks = new Map<string, DenyListCheck>();

  constructor(entries: readonly GuardrailConfig[], source = 'config.yaml') {
    const issues = entries.flatMap((entry, index) => {
      const params = entry.litellm_params;
      if (params.guardrail !== 'deny_list')
        return [
          {
            location: `guardrails[${index}].litellm_params.guardrail`,
            message: `guardrail "${entry.guardrail_name}" is of kind "${params.guardrail}", which this gateway does not run yet (it runs deny_list)`,
          },
        ];
      const terms = Array.isArray(params.terms) ? params.terms.filter((t): t is string => typeof t === 'string') : [];
      this.checks.set(entry.guardrail_name, new DenyListCheck(entry.guardrail_name, terms));
      return [];
    });
    if (issues.length > 0) throw new ConfigError(`Invalid gateway config ${source}`, issues);
  }

  get(name: string): DenyListCheck | undefined {
    return this.checks.get(name);
  }
}
