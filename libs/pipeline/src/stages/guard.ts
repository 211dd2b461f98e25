import { ConfigError, ConfigIssue, GatewayConfig } from '@gatehouse/config';
import { common } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { GuardrailPolicy, policyOf } from '@gatehouse/guardrails';
import { ModelCatalog } from '../catalog/model-catalog';
import { Guardrails } from '../ports/guardrails';
import { GuardLists, GuardPlan } from './guard-plan';

/** Distinct guardrail sets a process plans for; past this, lists are worked out per call. */
const MAX_MEMOISED_LISTS = 1_000;

/**
 * Which guardrails guard a call: the config's `default_on` ones, those attached to the model group's
 * deployments, to the caller's key and team, and those the request names (only adding, never
 * removing, and only where the key may). A call none applies to costs nothing here.
 */
export class GuardStage {
  private readonly memo = new Map<string, GuardLists>();

  private constructor(
    private readonly port: Guardrails,
    private readonly policies: ReadonlyMap<string, GuardrailPolicy>,
    private readonly defaults: readonly string[],
    private readonly catalog: ModelCatalog,
    private readonly masksInput: (name: string) => boolean,
  ) {}

  /** Refuses (ConfigError) a model that names a guardrail the config does not define. */
  static fromConfig(
    config: Pick<GatewayConfig, 'guardrails' | 'deployments' | 'source'>,
    port: Guardrails,
    catalog: ModelCatalog,
    masksInput: (name: string) => boolean,
  ): GuardStage {
    const policies = new Map(config.guardrails.map((entry) => [entry.guardrail_name, policyOf(entry)]));
    const issues: ConfigIssue[] = [];
    config.deployments.forEach((deployment, index) =>
      (deployment.params.guardrails ?? []).forEach((name, i) => {
        if (!policies.has(name))
          issues.push({
            location: `model_list[${index}].litellm_params.guardrails[${i}]`,
            message: `"${name}" is not a guardrail_name in guardrails`,
          });
      }),
    );
    if (issues.length > 0) throw new ConfigError(`Invalid gateway config ${config.source}`, issues);
    const defaults = [...policies.values()].filter((policy) => policy.defaultOn).map((policy) => policy.name);
    return new GuardStage(port, policies, defaults, catalog, masksInput);
  }

  /** The call's guardrails, or undefined when none apply. A 400/403 for a request's own `guardrails` it may not name. */
  planFor(
    principal: common.Principal,
    context: common.RequestContext,
    model: string,
    requested: readonly string[] | undefined,
  ): GuardPlan | undefined {
    if (requested?.length) this.checkRequested(principal, requested);
    const group = this.catalog.resolve(model);
    const names = new Set(this.defaults);
    for (const deployment of group?.deployments ?? []) for (const name of deployment.guardrails ?? []) names.add(name);
    for (const name of principal.guardrails ?? []) names.add(name);
    for (const name of requested ?? []) names.add(name);
    if (names.size === 0) return undefined;
    return new GuardPlan(this.port, this.policies, this.listsFor([...names]), context, model);
  }

  private checkRequested(principal: common.Principal, requested: readonly string[]): void {
    const unknown = requested.find((name) => !this.policies.has(name));
    if (unknown !== undefined)
      throw new GatewayFailure('bad_request', `guardrails: '${unknown}' is not a configured guardrail`, {
        param: 'guardrails',
      });
    if (principal.kind !== 'master' && !principal.admin && !principal.allowRequestGuardrails)
      throw new GatewayFailure('permission_denied', 'guardrails: this key may not add guardrails to its calls', {
        param: 'guardrails',
      });
  }

  private listsFor(names: readonly string[]): GuardLists {
    const key = names.join('\0');
    const known = this.memo.get(key);
    if (known) return known;
    const pre: string[] = [];
    const maskingDuring: string[] = [];
    const alongside: string[] = [];
    const post: string[] = [];
    const during: string[] = [];
    for (const name of names) {
      const policy = this.policies.get(name);
      // A key or team can name a guardrail the config has since dropped: refused, never skipped.
      if (!policy)
        throw new GatewayFailure('unavailable', `guardrail '${name}' is attached to this caller but not configured`, {
          code: 'guardrail_unavailable',
        });
      const { modes } = policy;
      if (modes.includes('pre_call')) pre.push(name);
      if (modes.includes('post_call')) post.push(name);
      if (modes.includes('during_call')) {
        during.push(name);
        // In parallel only when it cannot mask: a masked request must be what the provider gets.
        if (this.masksInput(name)) maskingDuring.push(name);
        else alongside.push(name);
      }
    }
    const before: GuardLists['before'] = [
      ...(pre.length > 0 ? [{ stage: 'pre_call' as const, names: pre }] : []),
      ...(maskingDuring.length > 0 ? [{ stage: 'during_call' as const, names: maskingDuring }] : []),
    ];
    const lists = { before, alongside, post, during };
    if (this.memo.size < MAX_MEMOISED_LISTS) this.memo.set(key, lists);
    return lists;
  }
}
