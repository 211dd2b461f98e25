import { Deployment } from '@gatehouse/config';
import { lookupBuiltinPrice } from '@gatehouse/governance';
import { TokenUsage } from '@gatehouse/providers-core';

/** Integer micro-dollars per million tokens, so that every cost is exact integer arithmetic. */
export interface DeploymentPrice {
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
  /** The longest reply the deployment can write. */
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

/**
 * The output cap of the previous generation of chat models (GPT-4 Turbo, GPT-3.5, Claude 3, Command R),
 * assumed for a model that states none. A model that can write more should say so in
 * `model_info.max_output_tokens`; until it does, its reservations can fall short and only settlement
 * (at the real cost) catches up.
 */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4_096;

/** Cost in micro-dollars, rounded half up once, at the end; 0 without a deployment. */
export function costMicroUsd(price: DeploymentPrice | undefined, usage: TokenUsage): number {
  if (!price) return 0;
  const scaled = usage.promptTokens * price.inputPerMillion + usage.completionTokens * price.outputPerMillion;
  return Math.round(scaled / 1_000_000);
}

export interface ResolvedPrice {
  readonly price: DeploymentPrice;
  readonly model: string;
  readonly missing: ('input' | 'output')[];
}

/**
 * Each price is the one in config (`input_cost_per_token` / `output_cost_per_token`), else the
 * built-in table's, else 0 and reported. The table is searched by `model_info.base_model` when given
 * (LiteLLM's way to name what an Azure deployment runs), else by `litellm_params.model`, or by the
 * model a wildcard deployment was resolved to. An embedding deployment (`mode: embedding`) writes no
 * output, so it needs no output price or cap.
 */
export function deploymentPrice(deployment: Deployment, served = deployment.params.model): ResolvedPrice {
  const { pricing, info } = deployment;
  const model = info.base_model ?? served;
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
