import { Secret } from '@gatehouse/config';
import { parseBedrockGuardrailParams } from './bedrock-guardrail-params';

const at = 'guardrails[0].litellm_params';
const secret = (key: string, value: string) => Secret.literal({ source: 'config.yaml', path: `${at}.${key}` }, value);
const base = { guardrail: 'bedrock', guardrailIdentifier: 'gr-abc123', guardrailVersion: 'DRAFT' };
const env = { AWS_REGION: 'eu-west-1' };

function issuesOf(params: Record<string, unknown>, environment: NodeJS.ProcessEnv = env) {
  const parsed = parseBedrockGuardrailParams(params, at, environment);
  return 'issues' in parsed ? parsed.issues : [];
}

function settingsOf(params: Record<string, unknown>, environment: NodeJS.ProcessEnv = env) {
  const parsed = parseBedrockGuardrailParams(params, at, environment);
  if ('issues' in parsed) throw new Error(JSON.stringify(parsed.issues));
  return parsed.settings;
}

describe('parseBedrockGuardrailParams', () => {
  it('reads the minimal entry, taking the region from AWS_REGION and the SDK defaults for the rest', () => {
    expect(settingsOf(base)).toEqual({
      guardrailIdentifier: 'gr-abc123',
      guardrailVersion: 'DRAFT',
      region: 'eu-west-1',
      mask: { input: false, output: false },
    });
  });

  it('reads every param LiteLLM documents', () => {
    const accessKeyId = secret('aws_access_key_id', 'AKIAEXAMPLE');
    const secretAccessKey = secret('aws_secret_access_key', 'wJalr');
    const sessionToken = secret('aws_session_token', 'tok');
    const settings = settingsOf({
      ...base,
      guardrailVersion: 3,
      aws_region_name: 'us-east-1',
      aws_access_key_id: accessKeyId,
      aws_secret_access_key: secretAccessKey,
      aws_session_token: sessionToken,
      mask_request_content: true,
      mask_response_content: 'true',
      api_base: 'http://127.0.0.1:1234',
    });
    expect(settings).toEqual({
      guardrailIdentifier: 'gr-abc123',
      guardrailVersion: '3',
      region: 'us-east-1',
      credentials: { accessKeyId, secretAccessKey, sessionToken },
      endpoint: 'http://127.0.0.1:1234',
      mask: { input: true, output: true },
    });
  });

  it('falls back to AWS_DEFAULT_REGION', () => {
    expect(settingsOf(base, { AWS_DEFAULT_REGION: 'ap-south-1' }).region).toBe('ap-south-1');
  });

  it('names every problem at once', () => {
    expect(issuesOf({ guardrail: 'bedrock', guardrailVersion: 'latest', mask_request_content: 'yes' }, {})).toEqual([
      { location: `${at}.guardrailIdentifier`, message: 'is required: the Bedrock guardrail id or ARN' },
      { location: `${at}.guardrailVersion`, message: 'is required: a published version number or "DRAFT"' },
      {
        location: `${at}.aws_region_name`,
        message: 'is required when neither AWS_REGION nor AWS_DEFAULT_REGION is set',
      },
      { location: `${at}.mask_request_content`, message: 'must be true or false' },
    ]);
  });

  it.each([
    ['only an access key id', { aws_access_key_id: secret('aws_access_key_id', 'AKIA') }, 'aws_secret_access_key'],
    ['only a secret key', { aws_secret_access_key: secret('aws_secret_access_key', 's') }, 'aws_access_key_id'],
  ])('refuses %s: both or neither', (_, credentials, location) => {
    expect(issuesOf({ ...base, ...credentials })).toEqual([
      { location: `${at}.${location}`, message: 'give both aws_access_key_id and aws_secret_access_key, or neither' },
    ]);
  });

  it('refuses a session token without keys', () => {
    expect(issuesOf({ ...base, aws_session_token: secret('aws_session_token', 't') })).toEqual([
      { location: `${at}.aws_session_token`, message: 'needs aws_access_key_id and aws_secret_access_key' },
    ]);
  });

  it('refuses a credential that is not a secret value', () => {
    expect(issuesOf({ ...base, aws_access_key_id: 'AKIA', aws_secret_access_key: secret('k', 's') })).toContainEqual({
      location: `${at}.aws_access_key_id`,
      message: 'must be a secret value (a literal, os.environ/… or aws_secret/…)',
    });
  });

  it('refuses credential routes it does not take, rather than signing with other credentials', () => {
    expect(issuesOf({ ...base, aws_role_name: 'arn:aws:iam::123456789012:role/guard' })).toEqual([
      {
        location: `${at}.aws_role_name`,
        message: 'is not supported; give aws_access_key_id and aws_secret_access_key, or neither',
      },
    ]);
  });

  it('refuses an api_base that is not an http(s) URL', () => {
    expect(issuesOf({ ...base, api_base: 'bedrock.local' })).toEqual([
      { location: `${at}.api_base`, message: 'must be an http(s) URL' },
    ]);
  });
});
