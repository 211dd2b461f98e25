export interface ProviderModel {
  /** Selects the adapter: `openai`, `anthropic`, `bedrock`, `azure`, … */
  readonly provider: string;
  /** The model as the provider names it: what follows the provider prefix. */
  readonly providerModel: string;
}

export type ProviderSplit = ({ readonly ok: true } & ProviderModel) | { readonly ok: false; readonly problem: string };

/** LiteLLM's default when `model` carries no prefix. */
export const DEFAULT_PROVIDER = 'openai';

/**
 * Splits `litellm_params.model` the way LiteLLM does: the provider is the text before the first `/`
 * (`bedrock/us.anthropic.claude-3-5-sonnet` → bedrock), no `/` means openai, and an explicit
 * `custom_llm_provider` wins over the prefix.
 */
export function splitProviderModel(model: string, customProvider?: string): ProviderSplit {
  if (customProvider !== undefined) {
    const prefix = `${customProvider}/`;
    const providerModel = model.startsWith(prefix) ? model.slice(prefix.length) : model;
    return providerModel === ''
      ? { ok: false, problem: `"${model}" names no model after the provider prefix` }
      : { ok: true, provider: customProvider, providerModel };
  }
  const slash = model.indexOf('/');
  if (slash === -1) return { ok: true, provider: DEFAULT_PROVIDER, providerModel: model };
  const provider = model.slice(0, slash);
  const providerModel = model.slice(slash + 1);
  if (provider === '') return { ok: false, problem: `"${model}" has an empty provider prefix` };
  if (providerModel === '') return { ok: false, problem: `"${model}" names no model after the provider prefix` };
  return { ok: true, provider, providerModel };
}
