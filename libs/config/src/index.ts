export { ConfigError } from './config-error';
export type { ConfigIssue } from './config-error';

export { loadGatewayConfig } from './gateway-config.loader';
export { parseGatewayConfig } from './gateway-config';
export type {
  CacheParams,
  GatewayConfig,
  GatehouseSettings,
  GeneralSettings,
  GuardrailConfig,
  LitellmSettings,
  RouterSettings,
} from './gateway-config';
export type { Deployment, DeploymentPricing, LitellmParams, ModelInfo } from './deployment';
export type { MicroUsdPerMillionTokens } from './price';
export { fillWildcards, ModelPattern, wildcardProviderModel } from './wildcard';

export { Secret, REDACTED } from './secret';
export type { AwsSecretFetcher, SecretOrigin, SecretResolvers, SecretSource } from './secret';
export { resolveSecrets } from './resolve-secrets';
export type { Resolved } from './resolve-secrets';
export { resolveMasterKey } from './master-key';
export { redactEnv, redactGatewayConfig, redactUrlCredentials } from './redact';

export { loadEnv } from './env';
export {
  DEFAULT_S3_BUCKET,
  EnvSchemas,
  authEnvSchema,
  edgeApiEnvSchema,
  guardrailEnvSchema,
  providerWorkersEnvSchema,
  routerEnvSchema,
  standaloneEnvSchema,
  usageLedgerEnvSchema,
} from './service-env';
export type {
  AuthEnv,
  EdgeApiEnv,
  GuardrailEnv,
  ProviderWorkersEnv,
  RouterEnv,
  ServiceName,
  StandaloneEnv,
  UsageLedgerEnv,
} from './service-env';
