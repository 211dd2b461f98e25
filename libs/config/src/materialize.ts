import { ConfigIssue, formatConfigPath } from './config-error';
import { describeReference, parseReference } from './reference';
import { isPlainObject } from './plain-object';
import { isSecretKey, Secret } from './secret';

export interface Materialized {
  readonly value: unknown;
  readonly issues: readonly ConfigIssue[];
}

/**
 * Turns the parsed YAML tree into the shape the schema validates: plain values under secret-bearing
 * keys become `Secret`s (resolved later, on demand), `os.environ/` references everywhere else are
 * resolved now, and YAML nulls are dropped so that `key:` left empty means "not set", as in LiteLLM.
 */
export function materialize(raw: unknown, source: string, env: NodeJS.ProcessEnv): Materialized {
  const issues: ConfigIssue[] = [];

  const visit = (node: unknown, path: PropertyKey[]): unknown => {
    if (Array.isArray(node)) return (node as unknown[]).map((item, i) => visit(item, [...path, i]));
    if (isPlainObject(node)) return visitMapping(node, path);
    if (typeof node === 'string') return resolvePlain(node, path);
    return node;
  };

  const visitMapping = (node: Record<string, unknown>, path: PropertyKey[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(node)) {
      if (item === null) continue;
      const itemPath = [...path, key];
      const isSecretScalar = isSecretKey(key) && (typeof item === 'string' || typeof item === 'number');
      out[key] = isSecretScalar ? toSecret(String(item), itemPath) : visit(item, itemPath);
    }
    return out;
  };

  const resolvePlain = (value: string, path: PropertyKey[]): unknown => {
    const ref = parseReference(value);
    if (ref === undefined) return value;
    const location = formatConfigPath(path);
    if (ref.kind === 'invalid') return reject(location, ref.problem);
    if (ref.kind === 'aws_secret') {
      return reject(
        location,
        `${describeReference(ref)} is only allowed in secret fields (api_key, *_key, *_secret, *_token…)`,
      );
    }
    const resolved = env[ref.name];
    return resolved === undefined || resolved === ''
      ? reject(location, `environment variable ${ref.name} is not set`)
      : resolved;
  };

  const toSecret = (value: string, path: PropertyKey[]): Secret | undefined => {
    const origin = { source, path: formatConfigPath(path) };
    const ref = parseReference(value);
    if (ref === undefined) return Secret.literal(origin, value);
    if (ref.kind === 'invalid') return reject(origin.path, ref.problem);
    if (ref.kind === 'env') return Secret.fromEnv(origin, ref.name, env);
    return Secret.fromAwsSecret(origin, ref.secretId, ref.jsonKey);
  };

  const reject = (location: string, message: string): undefined => {
    issues.push({ location, message });
    return undefined;
  };

  return { value: visit(raw, []), issues };
}
