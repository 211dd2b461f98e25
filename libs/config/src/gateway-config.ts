import { ConfigError, ConfigIssue, formatConfigPath } from './config-error';
import { buildDeployments, Deployment } from './deployment';
import { GatewayConfigFile, gatewayConfigFileSchema } from './gateway-config.schema';
import { materialize } from './materialize';
import { isPlainObject } from './plain-object';
import { operatorErrorMap } from './schema-helpers';
import { parseYaml } from './yaml-document';

export type RouterSettings = GatewayConfigFile['router_settings'];
export type LitellmSettings = GatewayConfigFile['litellm_settings'];
export type GeneralSettings = GatewayConfigFile['general_settings'];
export type GuardrailConfig = GatewayConfigFile['guardrails'][number];
export type GatehouseSettings = GatewayConfigFile['gatehouse'];
export type CacheParams = NonNullable<LitellmSettings['cache_params']>;

/** A validated `config.yaml`. Non-secret references are resolved; secrets are `Secret`s. */
export interface GatewayConfig {
  /** Where it was read from, for messages. */
  readonly source: string;
  readonly deployments: readonly Deployment[];
  readonly routerSettings: RouterSettings;
  readonly litellmSettings: LitellmSettings;
  readonly generalSettings: GeneralSettings;
  readonly guardrails: readonly GuardrailConfig[];
  readonly gatehouse: GatehouseSettings;
  /** Top-level sections Gatehouse does not act on (e.g. LiteLLM's `environment_variables`), kept as written. */
  readonly otherSections: Readonly<Record<string, unknown>>;
}

/** Parses and validates config text; throws one `ConfigError` listing every problem found. */
export function parseGatewayConfig(text: string, source: string, env: NodeJS.ProcessEnv): GatewayConfig {
  const raw = parseYaml(text, source) ?? {};
  const materialized = materialize(raw, source, env);
  const parsed = gatewayConfigFileSchema.safeParse(materialized.value, { error: operatorErrorMap });
  const referenceLocations = new Set(materialized.issues.map((issue) => issue.location));
  const schemaIssues: ConfigIssue[] = (parsed.error?.issues ?? [])
    .map((issue) => ({ location: formatConfigPath(issue.path), message: issue.message }))
    // A reference that failed to resolve is already reported; its empty value would be reported again.
    .filter((issue) => !referenceLocations.has(issue.location));
  const issues = [...materialized.issues, ...schemaIssues];
  if (!parsed.success || issues.length > 0) throw invalidConfig(source, issues);

  const rawModelList = isPlainObject(raw) && Array.isArray(raw.model_list) ? (raw.model_list as unknown[]) : [];
  const built = buildDeployments(parsed.data.model_list, rawModelList);
  if (built.issues.length > 0) throw invalidConfig(source, built.issues);

  const file = parsed.data;
  return {
    source,
    deployments: built.deployments,
    routerSettings: file.router_settings,
    litellmSettings: file.litellm_settings,
    generalSettings: file.general_settings,
    guardrails: file.guardrails,
    gatehouse: file.gatehouse,
    otherSections: Object.fromEntries(Object.entries(file).filter(([key]) => !KNOWN_SECTIONS.has(key))),
  };
}

const KNOWN_SECTIONS: ReadonlySet<string> = new Set(Object.keys(gatewayConfigFileSchema.shape));

function invalidConfig(source: string, issues: readonly ConfigIssue[]): ConfigError {
  return new ConfigError(`Invalid gateway config ${source}`, issues);
}
