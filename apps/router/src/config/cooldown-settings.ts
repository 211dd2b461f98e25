import { GatewayConfig } from '@gatehouse/config';
import { ModelCatalog } from '@gatehouse/pipeline';

/** LiteLLM's defaults: three failures allowed per minute, then five seconds out of every pick. */
const DEFAULT_ALLOWED_FAILS = 3;
const DEFAULT_COOLDOWN_SECONDS = 5;

export interface CooldownSettings {
  /** Failures a deployment may have within a minute; one more puts it in cooldown. */
  allowedFails: number;
  cooldownMs: number;
  /** Deployments that share their model group with another; a group's only deployment never cools down. */
  coolable: ReadonlySet<string>;
}

export function cooldownSettingsFrom(config: GatewayConfig): CooldownSettings {
  const { allowed_fails: allowedFails, cooldown_time: cooldownSeconds } = config.routerSettings;
  const catalog = ModelCatalog.fromConfig(config);
  const coolable = catalog
    .names()
    .map((model) => catalog.deploymentsFor(model))
    .filter((group) => group.length > 1)
    .flatMap((group) => group.map((deployment) => deployment.id));
  return {
    allowedFails: allowedFails ?? DEFAULT_ALLOWED_FAILS,
    cooldownMs: Math.round((cooldownSeconds ?? DEFAULT_COOLDOWN_SECONDS) * 1000),
    coolable: new Set(coolable),
  };
}
