import { Secret, SecretResolvers } from '@gatehouse/config';
import { inspect } from 'node:util';
import { startFakeBedrock, type FakeBedrock } from '../../../testing/src/fake-bedrock';
import { GuardrailEngine, GuardrailSource } from '../guardrail-engine';
import { bedrockGuardrailFactory } from './bedrock-guardrail-factory';

const ACCESS_KEY_ID = 'AKIAGUARDRAILTEST01';
const WRONG_ACCESS_KEY_ID = 'AKIAWRONGWRONGWRONG';
const SECRET_ACCESS_KEY = 'guardrail-secret-access-key-value';
const at = 'guardrails[0].litellm_params';
const secret = (key: string, value: string) => Secret.literal({ source: 'config.yaml', path: `${at}.${key}` }, value);

describe('Bedrock guardrail engine against the fake Bedrock Runtime', () => {
  let bedrock: FakeBedrock;

  beforeAll(async () => {
    bedrock = await startFakeBedrock({
      accessKeyId: ACCESS_KEY_ID,
      guardrails: {
        'gr-1': {
          version: '1',
          blockedWords: ['falcon'],
          piiEntities: { EMAIL: 'ANONYMIZE', US_SOCIAL_SECURITY_NUMBER: 'BLOCK' },
          deniedTopics: [{ name: 'Investing', keywords: ['stock tips'] }],
          blockedInputMessaging: 'Sorry, I cannot take that request.',
          blockedOutputsMessaging: 'Sorry, I cannot give that answer.',
        },
      },
    });
  });
  afterAll(() => bedrock.close());

  function build(params: Record<string, unknown> = {}, resolvers: SecretResolvers = {}): GuardrailEngine {
    const built = bedrockGuardrailFactory(
      'bedrock-guard',
      {
        guardrail: 'bedrock',
        guardrailIdentifier: 'gr-1',
        guardrailVersion: '1',
        aws_access_key_id: secret('aws_access_key_id', ACCESS_KEY_ID),
        aws_secret_access_key: secret('aws_secret_access_key', SECRET_ACCESS_KEY),
        api_base: bedrock.url,
        ...params,
      },
      at,
      { resolvers, env: { AWS_REGION: 'us-east-1' } },
    );
    if ('issues' in built) throw new Error(JSON.stringify(built.issues));
    return built.engine;
  }

  const check = (engine: GuardrailEngine, texts: string[], source: GuardrailSource = 'input', signal?: AbortSignal) =>
    engine.check({
      stage: 'pre_call',
      source,
      texts,
      requestId: 'req-1',
      signal: signal ?? new AbortController().signal,
    });

  /** The engine's failure message, the whole error (hidden fields, causes) checked to carry no credential. */
  async function failureOf(engine: GuardrailEngine, signal?: AbortSignal): Promise<string> {
    const error = await check(engine, ['hello'], 'input', signal).then(
      () => new Error('expected the check to throw'),
      (e: unknown) => e as Error,
    );
    const everything = inspect(error, { showHidden: true, depth: 20 });
    for (const credential of [ACCESS_KEY_ID, WRONG_ACCESS_KEY_ID, SECRET_ACCESS_KEY]) {
      expect(everything).not.toContain(credential);
    }
    return error.message;
  }

  it('passes clean text, sending one text block per text with the source', async () => {
    await expect(check(build(), ['hello', 'how are you?'])).resolves.toEqual({ action: 'pass' });
    expect(bedrock.requests.at(-1)).toMatchObject({
      path: '/guardrail/gr-1/version/1/apply',
      guardrail: { identifier: 'gr-1', version: '1' },
      body: { source: 'INPUT', content: [{ text: { text: 'hello' } }, { text: { text: 'how are you?' } }] },
    });
  });

  it.each([
    ['input', 'a falcon flew by', 'bedrock:word', 'Sorry, I cannot take that request.'],
    ['output', 'my SSN is 123-45-6789', 'bedrock:sensitiveInformation', 'Sorry, I cannot give that answer.'],
    ['input', 'any stock tips today?', 'bedrock:topic', 'Sorry, I cannot take that request.'],
  ] as const)('blocks %s text "%s" as %s with the guardrail message', async (source, text, type, detail) => {
    await expect(check(build(), ['hello', text], source)).resolves.toEqual({ action: 'block', type, detail });
  });

  it('masks the request in Bedrock format when mask_request_content is on', async () => {
    const engine = build({ mask_request_content: true });
    expect(engine.masksInput).toBe(true);
    await expect(check(engine, ['write to ann@example.com', 'thanks'])).resolves.toEqual({
      action: 'mask',
      type: 'bedrock:sensitiveInformation',
      detail: 'Bedrock masked EMAIL',
      texts: ['write to {EMAIL}', 'thanks'],
    });
  });

  it('masks the answer when mask_response_content is on', async () => {
    await expect(
      check(build({ mask_response_content: true }), ['Reach Bob at bob@example.org.'], 'output'),
    ).resolves.toMatchObject({ action: 'mask', texts: ['Reach Bob at {EMAIL}.'] });
    expect(bedrock.requests.at(-1)?.body).toMatchObject({ source: 'OUTPUT' });
  });

  it('passes what Bedrock would mask when the matching mask flag is off', async () => {
    const inputOnly = build({ mask_request_content: true });
    await expect(check(inputOnly, ['bob@example.org'], 'output')).resolves.toEqual({ action: 'pass' });
    const neither = build();
    expect(neither.masksInput).toBe(false);
    await expect(check(neither, ['bob@example.org'], 'input')).resolves.toEqual({ action: 'pass' });
  });

  it('reaches the endpoint in AWS_ENDPOINT_URL_BEDROCK_RUNTIME, then AWS_ENDPOINT_URL, without api_base', async () => {
    // The SDK reads these from the process environment itself (@smithy/core's getEndpointFromConfig).
    for (const variable of ['AWS_ENDPOINT_URL_BEDROCK_RUNTIME', 'AWS_ENDPOINT_URL']) {
      const before = bedrock.requests.length;
      process.env[variable] = bedrock.url;
      try {
        await expect(check(build({ api_base: undefined }), ['a falcon'])).resolves.toMatchObject({ action: 'block' });
      } finally {
        delete process.env[variable];
      }
      expect(bedrock.requests.length).toBe(before + 1);
    }
  });

  it('signs with the credentials in params: the fake refuses another access key', async () => {
    const engine = build({ aws_access_key_id: secret('aws_access_key_id', WRONG_ACCESS_KEY_ID) });
    expect(await failureOf(engine)).toContain('UnrecognizedClientException');
  });

  it('resolves aws_secret/… credentials on the first check only, and again after a failed resolution', async () => {
    let reads = 0;
    let available = false;
    const resolvers: SecretResolvers = {
      awsSecret: (id) => {
        reads += 1;
        if (!available) return Promise.reject(new Error('ResourceNotFoundException: not yet'));
        return Promise.resolve(id === 'guard/secret' ? SECRET_ACCESS_KEY : '');
      },
    };
    const origin = { source: 'config.yaml', path: `${at}.aws_secret_access_key` };
    const engine = build({ aws_secret_access_key: Secret.fromAwsSecret(origin, 'guard/secret') }, resolvers);
    expect(reads).toBe(0);
    expect(await failureOf(engine)).toContain('not yet');
    available = true;
    await check(engine, ['hello']);
    await check(engine, ['hello']);
    expect(reads).toBe(2);
  });

  it('throws Bedrock ResourceNotFoundException for an unknown guardrail version', async () => {
    expect(await failureOf(build({ guardrailVersion: '7' }))).toContain('ResourceNotFoundException');
  });

  it('throws on a 500', async () => {
    expect(await failureOf(build({ api_base: `${bedrock.url}/knobs/status=500` }))).toContain(
      'InternalServerException',
    );
  });

  it('throws once the signal is aborted, without waiting for the answer', async () => {
    const engine = build({ api_base: `${bedrock.url}/knobs/delayMs=10000` });
    const startedAt = Date.now();
    const message = await failureOf(engine, AbortSignal.timeout(100));
    expect(message).toMatch(/abort/i);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });
});
