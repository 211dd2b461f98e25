import { SecretsManagerRepository } from '@gatehouse/aws-secrets';
import { GatewayConfig, GuardrailEnv } from '@gatehouse/config';
import { GuardrailCatalog } from '@gatehouse/guardrails';

/**
 * Every configured guardrail, built for its own process or the standalone composition; a kind it
 * cannot run or params its engine refuses throw a ConfigError naming the guardrail.
 */
export function guardrailCatalogFrom(
  env: Pick<GuardrailEnv, 'AWS_REGION' | 'SECRETS_MANAGER_ENDPOINT' | 'SECRETS_CACHE_TTL_SECONDS'>,
  config: GatewayConfig,
  processEnv: NodeJS.ProcessEnv,
): GuardrailCatalog {
  const secrets = SecretsManagerRepository.fromSettings({
    region: env.AWS_REGION,
    endpoint: env.SECRETS_MANAGER_ENDPOINT,
    ttlMs: env.SECRETS_CACHE_TTL_SECONDS * 1000,
  });
  return GuardrailCatalog.build(
    config.guardrails,
    { resolvers: { awsSecret: secrets.fetch }, env: processEnv },
    config.source,
  );
}
