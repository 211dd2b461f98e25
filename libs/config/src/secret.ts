import { inspect } from 'node:util';
import { ConfigError, errorMessage } from './config-error';
import { ConfigReference, describeReference } from './reference';

export const REDACTED = '[redacted]';

/** Where a secret's value comes from. A literal's value is never exposed here. */
export type SecretSource = { readonly kind: 'literal' } | ConfigReference;

/** Returns the SecretString of an AWS Secrets Manager secret; caching and retries are the caller's concern. */
export type AwsSecretFetcher = (secretId: string) => Promise<string>;

export interface SecretResolvers {
  readonly awsSecret?: AwsSecretFetcher;
}

/** Where in which config a secret was written; names it in errors without revealing it. */
export interface SecretOrigin {
  readonly source: string;
  readonly path: string;
}

/**
 * A secret-bearing config value, kept unresolved until a service actually needs it, so a service
 * that never calls a provider can load a file whose provider keys are not in its environment.
 * It serialises and inspects as `[redacted]`, so it cannot leak through a log line by accident.
 */
export class Secret {
  readonly #value: string | undefined;

  private constructor(
    readonly origin: SecretOrigin,
    readonly from: SecretSource,
    value: string | undefined,
  ) {
    this.#value = value;
  }

  static literal(origin: SecretOrigin, value: string): Secret {
    return new Secret(origin, { kind: 'literal' }, value);
  }

  /** Captures the variable's value at load time; an unset variable only fails on `resolve()`. */
  static fromEnv(origin: SecretOrigin, name: string, env: NodeJS.ProcessEnv): Secret {
    return new Secret(origin, { kind: 'env', name }, nonEmpty(env[name]));
  }

  static fromAwsSecret(origin: SecretOrigin, secretId: string, jsonKey?: string): Secret {
    const from: SecretSource =
      jsonKey === undefined ? { kind: 'aws_secret', secretId } : { kind: 'aws_secret', secretId, jsonKey };
    return new Secret(origin, from, undefined);
  }

  async resolve(resolvers: SecretResolvers = {}): Promise<string> {
    const from = this.from;
    switch (from.kind) {
      case 'literal':
        return this.#value ?? '';
      case 'env':
        if (this.#value === undefined) throw this.#error(`environment variable ${from.name} is not set`);
        return this.#value;
      case 'aws_secret':
        return this.#resolveAwsSecret(from, resolvers.awsSecret);
    }
  }

  async #resolveAwsSecret(ref: ConfigReference & { kind: 'aws_secret' }, fetch?: AwsSecretFetcher): Promise<string> {
    const written = describeReference(ref);
    if (!fetch) throw this.#error(`${written} needs an AWS Secrets Manager resolver, and none was given`);
    let secretString: string;
    try {
      secretString = await fetch(ref.secretId);
    } catch (cause) {
      throw this.#error(`could not read ${written}: ${errorMessage(cause)}`, cause);
    }
    if (ref.jsonKey === undefined) return secretString;
    return this.#pickJsonKey(secretString, ref.jsonKey, written);
  }

  #pickJsonKey(secretString: string, key: string, written: string): string {
    let parsed: unknown;
    try {
      parsed = JSON.parse(secretString);
    } catch {
      throw this.#error(`${written}: the secret is not a JSON object`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw this.#error(`${written}: the secret is not a JSON object`);
    }
    const value: unknown = (parsed as Record<string, unknown>)[key];
    if (value === undefined) throw this.#error(`${written}: the secret has no key "${key}"`);
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw this.#error(`${written}: the value at key "${key}" is not a string`);
    }
    return String(value);
  }

  #error(message: string, cause?: unknown): ConfigError {
    return new ConfigError(
      `Cannot resolve a secret from ${this.origin.source}`,
      [{ location: this.origin.path, message }],
      {
        cause,
      },
    );
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

const SECRET_KEYS = new Set(['aws_access_key_id', 'database_url', 'vertex_credentials', 'password']);
const SECRET_SUFFIX = /_(key|secret|token|password)$/;

/**
 * Whether a config key holds a secret. `*_per_token` keys are prices (`input_cost_per_token`),
 * not tokens, hence the exclusion.
 */
export function isSecretKey(key: string): boolean {
  const name = key.toLowerCase();
  if (SECRET_KEYS.has(name)) return true;
  return SECRET_SUFFIX.test(name) && !name.includes('_per_');
}
