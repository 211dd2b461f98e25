import { common } from '@gatehouse/contracts';

/** Tells the caller which deployment answered, as LiteLLM's x-litellm-* headers do; a cache hit names none. */
export function servedHeaders(served: common.Served | undefined): Record<string, string> {
  if (!served) return {};
  const headers: Record<string, string> = {
    'x-gatehouse-attempts': String(served.attempts),
    'x-gatehouse-cache-hit': String(served.cacheHit),
  };
  if (served.deploymentId) headers['x-gatehouse-deployment-id'] = served.deploymentId;
  if (served.provider) headers['x-gatehouse-provider'] = served.provider;
  return headers;
}
