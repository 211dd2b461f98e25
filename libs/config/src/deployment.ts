import { createHash } from 'node:crypto';
import { ConfigIssue, formatConfigPath } from './config-error';
import { ModelEntry, PriceKey } from './gateway-config.schema';
import { MicroUsdPerMillionTokens } from './price';
import { splitProviderModel } from './provider';
import { isPlainObject } from './plain-object';
import { wildcardProblem } from './wildcard';

type WithoutPrices<T> = { [K in keyof T as K extends PriceKey ? never : K]: T[K] };

/** `litellm_params` as written (unknown keys kept), with secrets as `Secret` and prices moved to `pricing`. */
export type LitellmParams = WithoutPrices<ModelEntry['litellm_params']>;
/** `model_info` as written (unknown keys kept), with prices moved to `pricing`. */
export type ModelInfo = WithoutPrices<ModelEntry['model_info']>;

/** Integer micro-dollars per million tokens; see price.ts for why. */
export interface DeploymentPricing {
  readonly inputPerMillionTokens?: MicroUsdPerMillionTokens;
  readonly outputPerMillionTokens?: MicroUsdPerMillionTokens;
  readonly cacheReadPerMillionTokens?: MicroUsdPerMillionTokens;
  readonly cacheWritePerMillionTokens?: MicroUsdPerMillionTokens;
}

/** One `model_list` entry: a model name clients ask for, served by one provider endpoint. */
export interface Deployment {
  readonly id: string;
  readonly modelName: string;
  readonly provider: string;
  readonly providerModel: string;
  readonly params: LitellmParams;
  readonly info: ModelInfo;
  readonly pricing: DeploymentPricing;
}

/**
 * A short hash of what identifies an entry in the file as written (before `os.environ/`
 * resolution), plus its position among entries of the same name, so every process loading the
 * same file derives the same ids even when their environments differ.
 */
export function deploymentId(modelName: string, model: string, apiBase: string | undefined, ordinal: number): string {
  const key = JSON.stringify([modelName, model, apiBase ?? null, ordinal]);
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export function buildDeployments(
  entries: readonly ModelEntry[],
  rawEntries: readonly unknown[],
): { deployments: Deployment[]; issues: ConfigIssue[] } {
  const ordinals = new Map<string, number>();
  const seen = new Map<string, number>();
  const issues: ConfigIssue[] = [];
  const deployments = entries.map((entry, index) => {
    const raw = rawFields(rawEntries[index]);
    const ordinal = ordinals.get(raw.modelName) ?? 0;
    ordinals.set(raw.modelName, ordinal + 1);
    const id = entry.model_info.id ?? deploymentId(raw.modelName, raw.model, raw.apiBase, ordinal);
    const previous = seen.get(id);
    if (previous === undefined) seen.set(id, index);
    else issues.push(duplicateIdIssue(id, index, previous));
    const { model, custom_llm_provider: customProvider } = entry.litellm_params;
    const wildcard = wildcardProblem(entry.model_name, model, customProvider);
    if (wildcard)
      issues.push({ location: formatConfigPath(['model_list', index, 'litellm_params', 'model']), message: wildcard });
    return toDeployment(entry, id);
  });
  return { deployments, issues };
}

function toDeployment(entry: ModelEntry, id: string): Deployment {
  const {
    input_cost_per_token: paramsInput,
    output_cost_per_token: paramsOutput,
    cache_read_input_token_cost: paramsCacheRead,
    cache_creation_input_token_cost: paramsCacheWrite,
    ...params
  } = entry.litellm_params;
  const {
    input_cost_per_token: infoInput,
    output_cost_per_token: infoOutput,
    cache_read_input_token_cost: infoCacheRead,
    cache_creation_input_token_cost: infoCacheWrite,
    ...info
  } = entry.model_info;
  const split = splitProviderModel(params.model, params.custom_llm_provider);
  if (!split.ok) throw new Error(`invariant: the schema admits only well-formed models, got "${params.model}"`);
  // model_info is where LiteLLM documents custom pricing; litellm_params is its older place.
  const pricing = dropUndefined({
    inputPerMillionTokens: infoInput ?? paramsInput,
    outputPerMillionTokens: infoOutput ?? paramsOutput,
    cacheReadPerMillionTokens: infoCacheRead ?? paramsCacheRead,
    cacheWritePerMillionTokens: infoCacheWrite ?? paramsCacheWrite,
  });
  const { provider, providerModel } = split;
  return { id, modelName: entry.model_name, provider, providerModel, params, info, pricing };
}

function duplicateIdIssue(id: string, index: number, previous: number): ConfigIssue {
  return {
    location: formatConfigPath(['model_list', index, 'model_info', 'id']),
    message: `deployment id "${id}" is already used by ${formatConfigPath(['model_list', previous])}`,
  };
}

function rawFields(rawEntry: unknown): { modelName: string; model: string; apiBase?: string } {
  const entry = isPlainObject(rawEntry) ? rawEntry : {};
  const params = isPlainObject(entry.litellm_params) ? entry.litellm_params : {};
  return {
    modelName: String(entry.model_name),
    model: String(params.model),
    apiBase: typeof params.api_base === 'string' ? params.api_base : undefined,
  };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
