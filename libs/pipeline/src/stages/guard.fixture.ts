import { GuardrailConfig } from '@gatehouse/config';
import { guardrail } from '@gatehouse/contracts';
import { ModelCatalog } from '../catalog/model-catalog';
import { Guardrails } from '../ports/guardrails';
import { GuardStage } from './guard';

export const guardrailEntry = (
  name: string,
  mode: ('pre_call' | 'post_call' | 'during_call')[] | undefined,
  extra: Partial<GuardrailConfig['litellm_params']> = {},
): GuardrailConfig => ({
  guardrail_name: name,
  litellm_params: { guardrail: 'deny_list', mode, default_on: true, ...extra },
});

/**
 * A guardrails port over plain rules: any text holding `block` is blocked by the first guardrail
 * asked, and every `mask` in a text becomes `[M]`. It records what it was asked.
 */
export function rulePort(rules: { block?: string; mask?: string } = {}) {
  const asked: guardrail.CheckRequest[] = [];
  const guardrails: Guardrails = {
    check: (request) => {
      asked.push(request);
      const results = request.guardrails.map((name) => ({
        guardrail: name,
        outcome: 'passed',
        type: '',
        detail: '',
        latencyMs: 0.01,
      }));
      const blocked = rules.block !== undefined && request.texts.some((text) => text.includes(rules.block!));
      if (blocked)
        return Promise.resolve({
          allowed: false,
          results: [{ ...results[0], outcome: 'blocked', type: 'deny_list', detail: 'contains a denied term' }],
          masked: false,
          texts: [],
        });
      const masks = rules.mask !== undefined && request.texts.some((text) => text.includes(rules.mask!));
      if (!masks) return Promise.resolve({ allowed: true, results, masked: false, texts: [] });
      return Promise.resolve({
        allowed: true,
        results: [{ ...results[0], outcome: 'masked', type: 'email', detail: 'masked 1 email' }, ...results.slice(1)],
        masked: true,
        texts: request.texts.map((text) => text.split(rules.mask!).join('[M]')),
      });
    },
  };
  return { asked, guardrails };
}

/** A guard stage over the given entries, with no guardrail able to mask a request unless named. */
export function guardStage(
  entries: readonly GuardrailConfig[],
  port: Guardrails,
  catalog = new ModelCatalog([], 0),
  masking: readonly string[] = [],
): GuardStage {
  return GuardStage.fromConfig({ guardrails: entries, deployments: [], source: 'c' }, port, catalog, (name) =>
    masking.includes(name),
  );
}

export const noGuard = () => guardStage([], { check: () => Promise.reject(new Error('no guardrail applies')) });
