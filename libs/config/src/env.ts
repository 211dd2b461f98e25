import { z } from 'zod';
import { ConfigError, formatConfigPath } from './config-error';
import { operatorErrorMap } from './schema-helpers';

/**
 * Validates a service's environment once, at boot, into a typed object; nothing else reads
 * `process.env`. Only the schema's keys are read, and an empty value counts as unset so that
 * `NAME=` in a compose file falls back to the default. Throws one `ConfigError` naming every bad key.
 */
export function loadEnv<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const input = Object.fromEntries(
    Object.keys(schema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const result = schema.safeParse(input, { error: operatorErrorMap });
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    location: formatConfigPath(issue.path),
    message: issue.message,
  }));
  throw new ConfigError('Invalid environment', issues);
}
