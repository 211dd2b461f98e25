import { ConfigIssue, SecretResolvers } from '@gatehouse/config';
import { GuardrailEngine } from './guardrail-engine';

/** What an engine may need beyond its own config entry. */
export interface EngineDeps {
  /** Resolves `aws_secret/…` references in secret-bearing params. */
  resolvers: SecretResolvers;
  /** The process environment, for the AWS SDK's standard endpoint and region variables. */
  env: NodeJS.ProcessEnv;
}

/**
 * Builds one guardrail from its config entry's `litellm_params`, or says what is wrong with them.
 * `at` is the params' config path (`guardrails[2].litellm_params`), for issue locations.
 * Never does I/O: anything remote is reached on the first check.
 */
export type EngineFactory = (
  name: string,
  params: Readonly<Record<string, unknown>>,
  at: string,
  deps: EngineDeps,
) => { engine: GuardrailEngine } | { issues: ConfigIssue[] };
