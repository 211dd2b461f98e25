import {
  ConfigError,
  ConfigIssue,
  Deployment,
  fillWildcards,
  GatewayConfig,
  ModelPattern,
  RouterSettings,
} from '@gatehouse/config';
import { DeploymentPrice, deploymentPrice, UnpricedDeployment } from './pricing';
import { RequestDefaults, requestDefaults } from './request-defaults';

/** What every stage of the request path knows of a deployment; credentials stay with the provider invoker. */
export interface RoutedDeployment {
  readonly id: string;
  /** The model_name it is listed under: a model group's name, or a wildcard pattern (`openai/*`). */
  readonly modelName: string;
  readonly provider: string;
  /** What is sent upstream; for a wildcard deployment, the one its request resolved it to. */
  readonly providerModel: string;
  /** simple-shuffle's weight; undefined when config gives none, so the strategy can weigh by rpm or tpm. */
  readonly weight?: number;
  /** Neither config nor the built-in table prices it: billed at 0, and last for cost-based routing. */
  readonly unpriced?: true;
  /** `litellm_params.rpm` / `tpm`: the deployment's own per-minute capacity. */
  readonly rpm?: number;
  readonly tpm?: number;
  /** For `providerModel`: a wildcard deployment is priced per model it serves. */
  readonly price: DeploymentPrice;
  /** Request parameters from litellm_params, sent with every call that does not set them (see withDefaults). */
  readonly defaults?: RequestDefaults;
  /** The longest prompt it takes (model_info.max_input_tokens), for enable_pre_call_checks; unknown fits any. */
  readonly maxInputTokens?: number;
  /** litellm_params.tags, for enable_tag_filtering (see deploymentsForTags). */
  readonly tags?: readonly string[];
  /** litellm_params.guardrails: they guard every call to this deployment's model group. */
  readonly guardrails?: readonly string[];
}

/** The model group a requested model resolves to. */
export interface ResolvedGroup {
  /**
   * The model_name that matched: the group's name, or the wildcard pattern. Limits, cooldowns and logs
   * key on it, so the names clients invent under a wildcard do not multiply keys.
   */
  readonly name: string;
  /**
   * What was resolved: the requested model, or what its alias names. Wildcard deployments were
   * resolved from it, and provider-workers resolves them again from the invoked request's `model`, so
   * that request must carry this.
   */
  readonly model: string;
  readonly deployments: readonly RoutedDeployment[];
}

/** `router_settings.model_group_alias`: a name clients may ask for, standing for another. */
export interface ModelGroupAlias {
  /** A model_name, or a name a wildcard model_name matches. */
  readonly model: string;
  /** Served, but not listed by /v1/models. */
  readonly hidden: boolean;
}

export interface ModelGroups {
  readonly aliases?: ReadonlyMap<string, ModelGroupAlias>;
  /**
   * A wildcard deployment's price for the provider model a request resolved it to (without it, its
   * own); undefined when neither config nor the built-in table prices that model.
   */
  readonly priceFor?: (deployment: RoutedDeployment, providerModel: string) => DeploymentPrice | undefined;
}

/** Requested names whose wildcard resolution is kept. Clients choose the names, so past this it starts over. */
export const MAX_MEMOISED_MODELS = 1_000;

interface PatternGroup {
  readonly pattern: ModelPattern;
  readonly deployments: readonly RoutedDeployment[];
}

/**
 * The deployment list, prices and limits, loaded once from config.yaml into the one shape every
 * stage reads: routing picks from it, admission prices reservations on it, usage is costed with it,
 * and /v1/models lists it.
 */
export class ModelCatalog {
  private readonly byModel = new Map<string, RoutedDeployment[]>();
  private readonly byId = new Map<string, RoutedDeployment>();
  private readonly exact = new Map<string, ResolvedGroup>();
  private readonly patterns: PatternGroup[] = [];
  private readonly aliases: ReadonlyMap<string, ModelGroupAlias>;
  private readonly priceFor: ModelGroups['priceFor'];
  /** A wildcard resolution per requested model; null for a model no pattern matches. */
  private readonly matched = new Map<string, ResolvedGroup | null>();

  constructor(
    deployments: readonly RoutedDeployment[],
    /** Unix seconds, for /v1/models' `created`. */
    readonly createdAt: number,
    /** Deployments billed at 0 because neither config nor the built-in table prices them. */
    readonly unpriced: readonly UnpricedDeployment[] = [],
    groups: ModelGroups = {},
  ) {
    for (const deployment of deployments) {
      this.byId.set(deployment.id, deployment);
      const group = this.byModel.get(deployment.modelName);
      if (group) group.push(deployment);
      else this.byModel.set(deployment.modelName, [deployment]);
    }
    for (const [name, group] of this.byModel) {
      if (ModelPattern.isPattern(name)) this.patterns.push({ pattern: new ModelPattern(name), deployments: group });
      else this.exact.set(name, { name, model: name, deployments: group });
    }
    this.patterns.sort((a, b) => ModelPattern.bySpecificity(a.pattern, b.pattern));
    this.aliases = groups.aliases ?? new Map();
    this.priceFor = groups.priceFor;
  }

  /** Throws a ConfigError naming each alias whose model no model_list entry serves. */
  static fromConfig(config: GatewayConfig, createdAt = Math.floor(Date.now() / 1000)): ModelCatalog {
    const unpriced: UnpricedDeployment[] = [];
    const deployments = config.deployments.map((deployment): RoutedDeployment => {
      const { price, model, missing } = deploymentPrice(deployment);
      if (missing.length > 0)
        unpriced.push({ deploymentId: deployment.id, modelName: deployment.modelName, model, missing });
      return routedDeployment(deployment, price, missing.length > 0);
    });
    const sources = new Map(config.deployments.map((deployment) => [deployment.id, deployment]));
    const priceFor = (routed: RoutedDeployment, providerModel: string): DeploymentPrice | undefined => {
      const { price, missing } = deploymentPrice(sources.get(routed.id)!, `${routed.provider}/${providerModel}`);
      return missing.length > 0 ? undefined : price;
    };
    const aliases = aliasesFrom(config.routerSettings.model_group_alias);
    const catalog = new ModelCatalog(deployments, createdAt, unpriced, { aliases, priceFor });
    const issues = [...aliases]
      .filter(([alias]) => !catalog.resolve(alias))
      .map(([alias, { model }]) => aliasIssue(alias, model));
    if (issues.length > 0) throw new ConfigError(`Invalid gateway config ${config.source}`, issues);
    return catalog;
  }

  has(model: string): boolean {
    return this.byModel.has(model);
  }

  /** Every model_name, wildcard patterns included, in config order. */
  names(): string[] {
    return [...this.byModel.keys()];
  }

  /** What /v1/models lists: the model groups, then the aliases not hidden; wildcard patterns name no model. */
  listedNames(): string[] {
    const visible = [...this.aliases].filter(([alias, { hidden }]) => !hidden && !this.exact.has(alias));
    return [...this.exact.keys(), ...visible.map(([alias]) => alias)];
  }

  /** The deployments listed under a model_name as configured; a request's model is resolved with resolve(). */
  deploymentsFor(model: string): readonly RoutedDeployment[] {
    return this.byModel.get(model) ?? [];
  }

  /**
   * The model group serving a requested model, as LiteLLM finds it: an alias's model (aliases come
   * first), then the model_name equal to it, then the most specific wildcard model_name matching it,
   * whose deployments come back with the provider model and price for this model. Undefined when no
   * deployment serves it.
   */
  resolve(model: string): ResolvedGroup | undefined {
    const target = this.aliases.get(model)?.model ?? model;
    return this.exact.get(target) ?? this.matchPattern(target);
  }

  /** A deployment as configured: a wildcard one with its pattern for provider model, and its own price. */
  deployment(id: string): RoutedDeployment | undefined {
    return this.byId.get(id);
  }

  private matchPattern(model: string): ResolvedGroup | undefined {
    if (this.patterns.length === 0) return undefined;
    const memoised = this.matched.get(model);
    if (memoised !== undefined) return memoised ?? undefined;
    const resolved = this.resolvePattern(model);
    // Clearing rather than evicting keeps a hit free; a flood of invented names only costs re-resolving.
    if (this.matched.size >= MAX_MEMOISED_MODELS) this.matched.clear();
    this.matched.set(model, resolved ?? null);
    return resolved;
  }

  private resolvePattern(model: string): ResolvedGroup | undefined {
    for (const { pattern, deployments } of this.patterns) {
      const segments = pattern.match(model);
      if (!segments) continue;
      // A model nothing prices is not served: it would be billed at nothing, past every budget.
      const resolved = deployments.flatMap((deployment) =>
        this.forModel(deployment, fillWildcards(deployment, segments)),
      );
      return { name: pattern.pattern, model, deployments: resolved };
    }
    return undefined;
  }

  private forModel(deployment: RoutedDeployment, providerModel: string): RoutedDeployment[] {
    if (providerModel === deployment.providerModel) return [deployment];
    if (!this.priceFor) return [{ ...deployment, providerModel }];
    const price = this.priceFor(deployment, providerModel);
    return price ? [{ ...deployment, providerModel, price, unpriced: undefined }] : [];
  }
}

function routedDeployment(deployment: Deployment, price: DeploymentPrice, unpriced: boolean): RoutedDeployment {
  const { id, modelName, provider, providerModel, params, info } = deployment;
  return {
    id,
    modelName,
    provider,
    providerModel,
    weight: params.weight,
    unpriced: unpriced || undefined,
    rpm: params.rpm,
    tpm: params.tpm,
    price,
    defaults: requestDefaults(params),
    maxInputTokens: info.max_input_tokens,
    tags: params.tags,
    guardrails: params.guardrails,
  };
}

function aliasesFrom(configured: RouterSettings['model_group_alias']): Map<string, ModelGroupAlias> {
  return new Map(
    Object.entries(configured ?? {}).map(([alias, target]) =>
      typeof target === 'string'
        ? [alias, { model: target, hidden: false }]
        : [alias, { model: target.model, hidden: target.hidden === true }],
    ),
  );
}

function aliasIssue(alias: string, model: string): ConfigIssue {
  return {
    location: `router_settings.model_group_alias[${JSON.stringify(alias)}]`,
    message: `"${model}" is not a model_name, nor matched by a wildcard one`,
  };
}
