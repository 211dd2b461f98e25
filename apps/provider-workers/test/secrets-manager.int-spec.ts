import OpenAI from 'openai';
import { startFakeUpstream, startTestGateway, type FakeUpstream, type TestGateway } from '@gatehouse/testing';
// libs/testing's index does not export this fake yet (it is owned elsewhere); see the report.
import { startFakeSecretsManager, type FakeSecretsManager } from '../../../libs/testing/src/fake-secrets-manager';

const UPSTREAM_KEY = 'sk-from-secrets-manager-0123';

describe('provider keys from AWS Secrets Manager', () => {
  let secrets: FakeSecretsManager;
  let upstream: FakeUpstream;
  let gw: TestGateway;
  let client: OpenAI;

  beforeAll(async () => {
    secrets = await startFakeSecretsManager({
      'prod/openai': JSON.stringify({ api_key: UPSTREAM_KEY }),
      'prod/stale': JSON.stringify({ api_key: 'sk-revoked-secret-value-999' }),
    });
    upstream = await startFakeUpstream({ apiKey: UPSTREAM_KEY });
    const entry = (name: string, apiKey: string) =>
      `  - model_name: ${name}\n    litellm_params:\n      model: openai/gpt-4o-mini\n      api_base: ${upstream.baseUrl}\n      api_key: ${apiKey}\n`;
    gw = await startTestGateway({
      config: () =>
        `model_list:\n${entry('chat', 'aws_secret/prod/openai#api_key')}${entry('stale', 'aws_secret/prod/stale#api_key')}`,
      env: {
        SECRETS_MANAGER_ENDPOINT: secrets.url,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKE',
        AWS_SECRET_ACCESS_KEY: 'fake-secret-access-key',
      },
    });
    client = new OpenAI({ apiKey: gw.masterKey, baseURL: gw.baseURL, maxRetries: 0 });
  });

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
    await secrets?.close();
  });

  it('calls the upstream with the key resolved from the secret’s JSON key', async () => {
    const completion = await client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(completion.choices[0].message.content).toBe('Echo: hello');
    expect(upstream.requests.at(-1)?.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
    expect(secrets.reads).toContain('prod/openai');
  });

  it('never shows a secret value in the error a client gets', async () => {
    const error = await client.chat.completions
      .create({ model: 'stale', messages: [{ role: 'user', content: 'x' }] })
      .then(
        () => undefined,
        (e: unknown) => e as InstanceType<typeof OpenAI.APIError>,
      );
    if (error === undefined) throw new Error('expected the stale key to be refused');
    // The provider refused the gateway's key, not the caller's: a 502 naming the deployment.
    expect(error).toMatchObject({ status: 502 });
    expect(error.message).toContain("refused the gateway's credentials");
    expect(JSON.stringify(error.error)).not.toContain('sk-revoked-secret-value-999');
    expect(error.message).not.toContain('sk-revoked-secret-value-999');
  });
});
