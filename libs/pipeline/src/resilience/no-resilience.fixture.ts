import { ResilienceSettings } from './resilience-settings';

/** One try and no fallbacks, for specs about everything else. */
export const NO_RESILIENCE: ResilienceSettings = {
  retries: 0,
  deploymentRetries: new Map(),
  minRetryWaitMs: 0,
  fallbacks: { general: new Map(), context_window: new Map(), content_policy: new Map() },
  defaultFallbacks: [],
};
