import { GatewayFailure } from '@gatehouse/errors';
import { ChatCompletion, DeploymentTarget, ProviderAdapter, UpstreamRequest } from '@gatehouse/providers-core';
import { openAiAdapter } from '@gatehouse/providers-openai';

/** The latest GA data-plane version; `api_version` in litellm_params overrides it. */
export const AZURE_DEFAULT_API_VERSION = '2024-10-21';

/**
 * Azure OpenAI: OpenAI's bodies under per-deployment URLs, with an `api-key` header (or an Entra ID
 * bearer token) and a required `api-version` query.
 * https://learn.microsoft.com/azure/ai-services/openai/reference
 */
function toAzureRequest(
  build: (target: DeploymentTarget) => UpstreamRequest,
  target: DeploymentTarget,
  path: string,
): UpstreamRequest {
  if (!target.apiBase) {
    throw new GatewayFailure('bad_request', `azure deployment '${target.id}' has no api_base`, { param: 'model' });
  }
  const base = `${target.apiBase.replace(/\/+$/, '')}/openai/deployments/${encodeURIComponent(target.providerModel)}`;
  const built = build({ ...target, apiBase: base, apiKey: undefined });
  const version = stringParam(target, 'api_version') ?? AZURE_DEFAULT_API_VERSION;
  const adToken = stringParam(target, 'azure_ad_token');
  const headers = { ...built.headers };
  if (adToken) headers.authorization = `Bearer ${adToken}`;
  else if (target.apiKey) headers['api-key'] = target.apiKey;
  return { ...built, url: `${base}${path}?api-version=${encodeURIComponent(version)}`, headers };
}

function stringParam(target: DeploymentTarget, name: string): string | undefined {
  const value = target.params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export const azureAdapter: ProviderAdapter = {
  ...openAiAdapter,
  provider: 'azure',

  buildChatRequest: (request, target) =>
    toAzureRequest((t) => openAiAdapter.buildChatRequest(request, t), target, '/chat/completions'),

  buildEmbeddingRequest: (request, target) =>
    toAzureRequest((t) => openAiAdapter.buildEmbeddingRequest(request, t), target, '/embeddings'),

  parseChatResponse(response, target) {
    const parsed = openAiAdapter.parseChatResponse(response, target);
    // Azure's output filter answers 200 with finish_reason content_filter and nothing to show; as a
    // failure it can reach content_policy_fallbacks instead of looking like an empty answer.
    if (isFilteredOut(parsed.completion)) {
      throw new GatewayFailure(
        'content_policy',
        "the response was filtered by Azure OpenAI's content management policy",
        {
          code: 'content_filter',
          upstreamStatus: response.status,
        },
      );
    }
    return parsed;
  },
};

function isFilteredOut(completion: ChatCompletion): boolean {
  const choices = completion.choices ?? [];
  return (
    choices.length > 0 &&
    choices.every((c) => c.finish_reason === 'content_filter' && !c.message?.content && !c.message?.tool_calls?.length)
  );
}
