import { ConfigError, GatewayConfig } from '@gatehouse/config';

/** LiteLLM's defaults: two retries, backoff from half a second doubling to eight, up to 0.75 s of jitter. */
const DEFAULT_RETRIES = 2;
export const BACKOFF = { initialMs: 500, maxMs: 8_000, jitterMs: 750 } as const;
/** A provider asking for a longer pause than this is not waited for: the call falls back or fails now. */
export const LONGEST_RETRY_WAIT_MS = 30_000;
/** A request's own `num_retries` is capped, so one call cannot keep a slot for minutes. */
export const MOST_REQUEST_RETRIES = 10;

export type FallbackKind = 'general' | 'context_window' | 'content_policy';

export interface ResilienceSettings {
  retries: number;
  /** `litellm_params.max_retries`, which replaces the global count for that deployment's group. */
  deploymentRetries: ReadonlyMap<string, number>;
  /** `router_settings.retry_after`: the shortest wait before retrying the same deployment. */
  minRetryWaitMs: number;
  fallbacks: Readonly<Record<FallbackKind, ReadonlyMap<string, readonly string[]>>>;
  /** Where a group without its own general fallbacks goes (`default_fallbacks`, or a `"*"` entry). */
  defaultFallbacks: readonly string[];
}

type FallbackList = readonly Readonly<Record<string, readonly string[]>>[] | undefined;

/**
 * Retries and fallbacks from `router_settings`, then `litellm_settings` for what the router does
 * not set (LiteLLM's proxy hands the latter to its router the same way). A fallback naming a model
 * group nothing serves stops start-up: it would otherwise fail only on the day it is needed.
 */
export function resilienceSettingsFrom(config: GatewayConfig, serves: (model: string) => boolean): ResilienceSettings {
  const router = config.routerSettings;
  const litellm = config.litellmSettings;
  const problems: { location: string; message: string }[] = [];
  const table = (name: string, ...lists: FallbackList[]) => {
    const merged = new Map<string, readonly string[]>();
    lists.forEach((list, index) =>
      list?.forEach((entry, position) => {
        for (const [group, targets] of Object.entries(entry)) {
          const where = `${index === 0 ? 'router_settings' : 'litellm_settings'}.${name}[${position}].${group}`;
          for (const target of targets)
            if (!serves(target)) problems.push({ location: where, message: `no model group '${target}'` });
          if (!merged.has(group)) merged.set(group, targets);
        }
      }),
    );
    return merged;
  };
  const general = table('fallbacks', router.fallbacks, litellm.fallbacks);
  const contextWindow = table(
    'context_window_fallbacks',
    router.context_window_fallbacks,
    litellm.context_window_fallbacks,
  );
  const contentPolicy = table(
    'content_policy_fallbacks',
    router.content_policy_fallbacks,
    litellm.content_policy_fallbacks,
  );
  const defaultFallbacks = router.default_fallbacks ?? litellm.default_fallbacks ?? general.get('*') ?? [];
  for (const target of defaultFallbacks)
    if (!serves(target)) problems.push({ location: 'default_fallbacks', message: `no model group '${target}'` });
  if (problems.length > 0) throw new ConfigError(`Invalid gateway config ${config.source}`, problems);

  const deploymentRetries = new Map<string, number>();
  for (const deployment of config.deployments)
    if (deployment.params.max_retries !== undefined)
      deploymentRetries.set(deployment.id, deployment.params.max_retries);
  general.delete('*');
  return {
    retries: router.num_retries ?? litellm.num_retries ?? DEFAULT_RETRIES,
    deploymentRetries,
    minRetryWaitMs: Math.round((router.retry_after ?? 0) * 1000),
    fallbacks: { general, context_window: contextWindow, content_policy: contentPolicy },
    defaultFallbacks,
  };
}
