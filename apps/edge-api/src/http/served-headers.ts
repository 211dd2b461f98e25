import { common } from '@gatehouse/contracts';

/** Tells the caller which deployment answered, as LiteLLM's x-litellm-* headers do. */
export function servedHeaders(served: common.Served | undefined): Record<string, string> {
  if (!served) return {};
  return {
    'x-gatehouse-deployment-id': served.deploymentId,
    'x-gatehouse-provider': served.provider,
    'x-gatehouse-attempts': String(served.attempts),
    'x-gatehouse-cache-hit': String(served.cacheHit),
  };
}
