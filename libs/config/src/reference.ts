/** A value in the config file that points elsewhere instead of holding the value itself. */
export type ConfigReference =
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'aws_secret'; readonly secretId: string; readonly jsonKey?: string };

export type ParsedReference = ConfigReference | { readonly kind: 'invalid'; readonly problem: string };

const ENV_PREFIX = 'os.environ/';
const AWS_SECRET_PREFIX = 'aws_secret/';
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Recognises `os.environ/NAME`, `aws_secret/ID` and `aws_secret/ID#json_key`; anything else is a plain value. */
export function parseReference(value: string): ParsedReference | undefined {
  if (value.startsWith(ENV_PREFIX)) return parseEnvReference(value.slice(ENV_PREFIX.length));
  if (value.startsWith(AWS_SECRET_PREFIX)) return parseAwsSecretReference(value.slice(AWS_SECRET_PREFIX.length));
  return undefined;
}

function parseEnvReference(name: string): ParsedReference {
  if (!ENV_NAME.test(name)) return { kind: 'invalid', problem: `"${ENV_PREFIX}${name}" is not a valid variable name` };
  return { kind: 'env', name };
}

// Secrets Manager names and ARNs never contain '#', so the first '#' starts the JSON key.
function parseAwsSecretReference(rest: string): ParsedReference {
  const hash = rest.indexOf('#');
  const secretId = hash === -1 ? rest : rest.slice(0, hash);
  if (secretId === '') return { kind: 'invalid', problem: `"${AWS_SECRET_PREFIX}${rest}" names no secret` };
  if (hash === -1) return { kind: 'aws_secret', secretId };
  const jsonKey = rest.slice(hash + 1);
  if (jsonKey === '')
    return { kind: 'invalid', problem: `"${AWS_SECRET_PREFIX}${rest}" has an empty JSON key after '#'` };
  return { kind: 'aws_secret', secretId, jsonKey };
}

/** How a reference is written in the file, for messages that must not show resolved values. */
export function describeReference(ref: ConfigReference): string {
  if (ref.kind === 'env') return `${ENV_PREFIX}${ref.name}`;
  return `${AWS_SECRET_PREFIX}${ref.secretId}${ref.jsonKey === undefined ? '' : `#${ref.jsonKey}`}`;
}
