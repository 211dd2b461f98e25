import { GatewayFailure } from '@gatehouse/errors';
import { Deployment, GatewayConfig, redactEnv, REDACTED } from '@gatehouse/config';
import { lookupBuiltinPrice } from '@gatehouse/governance';

/** One deployment as LiteLLM's GET /model/info describes it. */
export interface ModelInfoEntry {
  model_name: string;
  litellm_params: Record<string, unknown>;
  model_info: Record<string, unknown>;
}

export interface ModelInfoList {
  data: ModelInfoEntry[];
}

/** Micro-dollars per million tokens back to LiteLLM's dollars per token. */
function perToken(microUsdPerMillion: number | undefined): number | null {
  return microUsdPerMillion === undefined ? null : microUsdPerMillion / 1e12;
}

/**
 * The parameters without anything secret: `Secret` values and secret-named keys are dropped (as
 * LiteLLM drops api_key), credentials inside URLs are masked, so an api_base can still be shown.
 */
function withoutSecrets(values: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(redactEnv(values)).filter(([, value]) => value !== REDACTED));
}

function entryOf(deployment: Deployment): ModelInfoEntry {
  const { pricing, info } = deployment;
  // Config prices win, then the built-in table, the same order the price book charges in.
  const builtin = lookupBuiltinPrice(deployment.providerModel);
  const maxOutput = info.max_output_tokens ?? info.max_tokens ?? (builtin?.maxOutputTokens || undefined);
  return {
    model_name: deployment.modelName,
    litellm_params: withoutSecrets(deployment.params),
    model_info: {
      ...withoutSecrets(info),
      id: deployment.id,
      db_model: false,
      litellm_provider: deployment.provider,
      mode: info.mode ?? null,
      max_tokens: info.max_tokens ?? maxOutput ?? null,
      max_input_tokens: info.max_input_tokens ?? null,
      max_output_tokens: maxOutput ?? null,
      input_cost_per_token: perToken(pricing.inputPerMillionTokens ?? builtin?.inputPerMillion),
      output_cost_per_token: perToken(pricing.outputPerMillionTokens ?? builtin?.outputPerMillion),
      cache_read_input_token_cost: perToken(pricing.cacheReadPerMillionTokens),
      cache_creation_input_token_cost: perToken(pricing.cacheWritePerMillionTokens),
    },
  };
}

/** LiteLLM's /model/info, built once from config.yaml; it never holds a secret. */
export class ModelInfoCatalog {
  constructor(private readonly entries: readonly ModelInfoEntry[]) {}

  /**
   * The deployments a caller may use (`allowed` empty means every model), or the one named by
   * `modelId` (LiteLLM's `litellm_model_id`, our deployment id).
   */
  describe(allowed: readonly string[], modelId?: string): ModelInfoList {
    const visible = this.entries.filter((entry) => allowed.length === 0 || allowed.includes(entry.model_name));
    if (modelId === undefined) return { data: visible };
    const found = visible.filter((entry) => entry.model_info.id === modelId);
    if (found.length === 0)
      throw new GatewayFailure('not_found', `model id '${modelId}' is not served by this gateway`, {
        param: 'litellm_model_id',
      });
    return { data: found };
  }
}

export function modelInfoCatalogFrom(config: GatewayConfig): ModelInfoCatalog {
  return new ModelInfoCatalog(config.deployments.map(entryOf));
}
