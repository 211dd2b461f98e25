import { ConfigError, errorMessage } from './config-error';
import { isPlainObject } from './plain-object';
import { Secret, SecretResolvers } from './secret';

/** `T` with every `Secret` replaced by its resolved string. */
export type Resolved<T> = T extends Secret
  ? string
  : T extends readonly (infer U)[]
    ? Resolved<U>[]
    : T extends object
      ? { [K in keyof T]: Resolved<T[K]> }
      : T;

/**
 * Resolves every secret inside `value` and reports every failure in one error, so a service that
 * needs its secrets (provider-workers, auth) can fail fast at start naming each missing one.
 */
export async function resolveSecrets<T>(value: T, resolvers: SecretResolvers = {}): Promise<Resolved<T>> {
  const secrets = collectSecrets(value, []);
  const outcomes = await Promise.allSettled(secrets.map((secret) => secret.resolve(resolvers)));
  const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
  const unexpected = failures.find((failure) => !(failure instanceof ConfigError));
  if (unexpected !== undefined) throw unexpected instanceof Error ? unexpected : new Error(errorMessage(unexpected));
  const configErrors = failures as ConfigError[];
  if (configErrors.length > 0) {
    const [first] = configErrors;
    throw new ConfigError(
      first.summary,
      configErrors.flatMap((error) => error.issues),
      { cause: first.cause },
    );
  }
  const resolved = new Map<Secret, string>();
  outcomes.forEach((outcome, i) => outcome.status === 'fulfilled' && resolved.set(secrets[i], outcome.value));
  return replaceSecrets(value, resolved) as Resolved<T>;
}

function collectSecrets(node: unknown, found: Secret[]): Secret[] {
  if (node instanceof Secret) found.push(node);
  else if (Array.isArray(node)) for (const item of node as unknown[]) collectSecrets(item, found);
  else if (isPlainObject(node)) for (const item of Object.values(node)) collectSecrets(item, found);
  return found;
}

function replaceSecrets(node: unknown, resolved: ReadonlyMap<Secret, string>): unknown {
  if (node instanceof Secret) return resolved.get(node);
  if (Array.isArray(node)) return (node as unknown[]).map((item) => replaceSecrets(item, resolved));
  if (!isPlainObject(node)) return node;
  return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, replaceSecrets(item, resolved)]));
}
