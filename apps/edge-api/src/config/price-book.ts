import { Deployment } from '@gatehouse/config';
import { lookupBuiltinPrice } from '@gatehouse/governance';
import { TokenUsage } from '@gatehouse/providers-core';

/** Integer micro-dollars per million tokens, so that every cost is exact integer arithmetic. */
export interface DeploymentPrice {
  inputPerMillion: number;
  outputPerMillion: number;
  /** The longest reply the deployment can write; DEFAULT_MAX_OUTPUT_TOKENS when unknown. */
  maxOutputTokens?: number;
}

/** The dearest a call to a model group can be before the router has picked one of its deployments. */
export interface WorstCasePrice {
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
  readonly maxOutputTokens: number;
}

/** A deployment billed at 0 for want of a price in config or the built-in table. */
export interface UnpricedDeployment {
  readonly deploymentId: string;
  readonly modelName: string;
  /** The model looked up in the built-in table: `model_info.base_model`, else `litellm_params.model`. */
  readonly model: string;
  readonly missing: readonly ('input' | 'output')[];
}

export interface PriceBookOptions {
  /** Model name -> the ids of its deployments. */
  readonly modelGroups?: ReadonlyMap<string, readonly string[]>;
  readonly unpriced?: readonly UnpricedDeployment[];
}

/**
 * The output cap of the previous generation of chat models (GPT-4 Turbo, GPT-3.5, Claude 3, Command R),
 * assumed for a model that states none. A model that can write more should say so in
 * `model_info.max_output_tokens`; until it does, its reservations can fall short and only settlement
 * (at the real cost) catches up.
 */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4_096;

export class PriceBook {
  private readonly worstCases: ReadonlyMap<string, WorstCasePrice>;
  private readonly missing: readonly UnpricedDeployment[];

  constructor(
    private readonly prices: ReadonlyMap<string, DeploymentPrice>,
    options: PriceBookOptions = {},
  ) {
    this.worstCases = worstCasesOf(prices, options.modelGroups ?? new Map());
    this.missing = options.unpriced ?? [];
  }

  /** Prices each deployment from config, else the built-in table; see deploymentPrice. */
  static fromDeployments(deployments: readonly Deployment[]): PriceBook {
    const prices = new Map<string, DeploymentPrice>();
    const modelGroups = new Map<string, string[]>();
    const unpriced: UnpricedDeployment[] = [];
    for (const deployment of deployments) {
      const resolved = deploymentPrice(deployment);
      prices.set(deployment.id, resolved.price);
      modelGroups.set(deployment.modelName, [...(modelGroups.get(deployment.modelName) ?? []), deployment.id]);
      if (resolved.missing.length > 0) {
        const { id: deploymentId, modelName } = deployment;
        unpriced.push({ deploymentId, modelName, model: resolved.model, missing: resolved.missing });
      }
    }
    return new PriceBook(prices, { modelGroups, unpriced });
  }

  /** Cost in micro-dollars, rounded half up once, at the end. */
  costMicroUsd(deploymentId: string | undefined, usage: TokenUsage): number {
    const price = deploymentId ? this.prices.get(deploymentId) : undefined;
    if (!price) return 0;
    const scaled = usage.promptTokens * price.inputPerMillion + usage.completionTokens * price.outputPerMillion;
    return Math.round(scaled / 1_000_000);
  }

  /**
   * The highest input and output price and the longest reply across a model group's deployments, since
   * the router may pick any of them; undefined for a model name with no deployments.
   */
  worstCase(modelName: string): WorstCasePrice | undefined {
    return this.worstCases.get(modelName);
  }

  /** Deployments billed at 0 because neither config nor the built-in table prices them, for a warning at start. */
  unpriced(): readonly UnpricedDeployment[] {
    return this.missing;
  }
}

interface ResolvedPrice {
  readonly price: Required<DeploymentPrice>;
  readonly model: string;
  readonly missing: ('input' | 'output')[];
}

/**
 * Each price is the one in config (`input_cost_per_token` / `output_cost_per_token`), else the
 * built-in table's, else 0 and reported. The table is searched by `model_info.base_model` when given
 * (LiteLLM's way to name what an Azure deployment runs), else by `litellm_params.model`. An
 * embedding deployment (`mode: embedding`) writes no output, so it needs no output price or cap.
 */
export function deploymentPrice(deployment: Deployment): ResolvedPrice {
  const { pricing, info } = deployment;
  const model = info.base_model ?? deployment.params.model;
  const builtin = lookupBuiltinPrice(model);
  const inputPerMillion = pricing.inputPerMillionTokens ?? builtin?.inputPerMillion;
  const embedding = info.mode === 'embedding';
  const outputPerMillion = pricing.outputPerMillionTokens ?? builtin?.outputPerMillion ?? (embedding ? 0 : undefined);
  const missing: ('input' | 'output')[] = [];
  if (inputPerMillion === undefined) missing.push('input');
  if (outputPerMillion === undefined) missing.push('output');
  // LiteLLM's `max_tokens` in model_info is its older name for the output cap.
  const maxOutputTokens =
    info.max_output_tokens ??
    info.max_tokens ??
    builtin?.maxOutputTokens ??
    (embedding ? 0 : DEFAULT_MAX_OUTPUT_TOKENS);
  return {
    price: { inputPerMillion: inputPerMillion ?? 0, outputPerMillion: outputPerMillion ?? 0, maxOutputTokens },
    model,
    missing,
  };
}

function worstCasesOf(
  prices: ReadonlyMap<string, DeploymentPrice>,
  modelGroups: ReadonlyMap<string, readonly string[]>,
): Map<string, WorstCasePrice> {
  const worstCases = new Map<string, WorstCasePrice>();
  for (const [modelName, deploymentIds] of modelGroups) {
    const groupPrices = deploymentIds.flatMap((id) => prices.get(id) ?? []);
    if (groupPrices.length === 0) continue;
    worstCases.set(modelName, {
      inputPerMillion: Math.max(...groupPrices.map((price) => price.inputPerMillion)),
      outputPerMillion: Math.max(...groupPrices.map((price) => price.outputPerMillion)),
      maxOutputTokens: Math.max(...groupPrices.map((price) => price.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS)),
    });
  }
  return worstCases;
}
