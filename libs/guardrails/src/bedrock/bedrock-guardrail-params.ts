import { ConfigIssue, Secret } from '@gatehouse/config';

/** Credentials written in the guardrail's params; resolved on the first check, not at start-up. */
export interface BedrockCredentialParams {
  accessKeyId: Secret;
  secretAccessKey: Secret;
  sessionToken?: Secret;
}

/** A `guardrail: bedrock` entry's params, checked. */
export interface BedrockGuardrailSettings {
  guardrailIdentifier: string;
  guardrailVersion: string;
  region: string;
  /** Absent: the SDK's default credential chain (env, profile, container or instance role). */
  credentials?: BedrockCredentialParams;
  /** Absent: the SDK's own lookup of `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, then `AWS_ENDPOINT_URL`, in the process env. */
  endpoint?: string;
  /** Apply Bedrock's masked text to the request (`mask_request_content`) and to the answer (`mask_response_content`). */
  mask: { input: boolean; output: boolean };
}

// Bedrock's guardrailVersion pattern: a published version number or the working draft.
const VERSION = /^([1-9][0-9]{0,7}|DRAFT)$/;
// LiteLLM credential routes this gateway does not take; ignoring one would quietly use other credentials.
const UNSUPPORTED = [
  'aws_role_name',
  'aws_session_name',
  'aws_profile_name',
  'aws_web_identity_token',
  'aws_sts_endpoint',
];

type Report = (key: string, message: string) => void;

/** Reads the params as LiteLLM's Bedrock guardrail does, reporting every problem at once. */
export function parseBedrockGuardrailParams(
  params: Readonly<Record<string, unknown>>,
  at: string,
  env: NodeJS.ProcessEnv,
): { settings: BedrockGuardrailSettings } | { issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const issue: Report = (key, message) => issues.push({ location: `${at}.${key}`, message });

  const guardrailIdentifier = params.guardrailIdentifier;
  if (typeof guardrailIdentifier !== 'string' || guardrailIdentifier === '') {
    issue('guardrailIdentifier', 'is required: the Bedrock guardrail id or ARN');
  }
  const guardrailVersion = versionOf(params.guardrailVersion);
  if (guardrailVersion === undefined) issue('guardrailVersion', 'is required: a published version number or "DRAFT"');

  const written = params.aws_region_name;
  const region =
    written === undefined ? (nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION)) : nonEmpty(written);
  if (region === undefined) {
    issue(
      'aws_region_name',
      written === undefined
        ? 'is required when neither AWS_REGION nor AWS_DEFAULT_REGION is set'
        : 'must be a region name',
    );
  }

  const credentials = credentialsOf(params, issue);
  const endpoint = endpointOf(params.api_base, issue);
  const mask = {
    input: flagOf(params, 'mask_request_content', issue),
    output: flagOf(params, 'mask_response_content', issue),
  };
  for (const key of UNSUPPORTED.filter((name) => params[name] !== undefined)) {
    issue(key, 'is not supported; give aws_access_key_id and aws_secret_access_key, or neither');
  }

  if (issues.length > 0 || typeof guardrailIdentifier !== 'string' || !guardrailVersion || !region) return { issues };
  const settings: BedrockGuardrailSettings = { guardrailIdentifier, guardrailVersion, region, mask };
  if (credentials) settings.credentials = credentials;
  if (endpoint) settings.endpoint = endpoint;
  return { settings };
}

function versionOf(value: unknown): string | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  return typeof text === 'string' && VERSION.test(text) ? text : undefined;
}

function credentialsOf(params: Readonly<Record<string, unknown>>, issue: Report): BedrockCredentialParams | undefined {
  const secretAt = (key: string): Secret | undefined => {
    const value = params[key];
    if (value === undefined || value instanceof Secret) return value;
    issue(key, 'must be a secret value (a literal, os.environ/… or aws_secret/…)');
    return undefined;
  };
  const accessKeyId = secretAt('aws_access_key_id');
  const secretAccessKey = secretAt('aws_secret_access_key');
  const sessionToken = secretAt('aws_session_token');
  if (!accessKeyId && !secretAccessKey) {
    if (sessionToken) issue('aws_session_token', 'needs aws_access_key_id and aws_secret_access_key');
    return undefined;
  }
  if (!accessKeyId || !secretAccessKey) {
    issue(
      accessKeyId ? 'aws_secret_access_key' : 'aws_access_key_id',
      'give both aws_access_key_id and aws_secret_access_key, or neither',
    );
    return undefined;
  }
  return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
}

function endpointOf(value: unknown, issue: Report): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)) return value;
  issue('api_base', 'must be an http(s) URL');
  return undefined;
}

/** YAML booleans, or the strings an `os.environ/…` reference resolves to. */
function flagOf(params: Readonly<Record<string, unknown>>, key: string, issue: Report): boolean {
  const value = params[key];
  if (value === undefined) return false;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  issue(key, 'must be true or false');
  return false;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
