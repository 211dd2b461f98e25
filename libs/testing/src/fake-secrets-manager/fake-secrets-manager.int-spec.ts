import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startFakeSecretsManager, type FakeSecretsManager } from './fake-secrets-manager';

describe('fake Secrets Manager, through the AWS SDK', () => {
  let fake: FakeSecretsManager;
  let client: SecretsManagerClient;
  beforeAll(async () => {
    fake = await startFakeSecretsManager({ 'prod/keys': '{"api_key":"sk-1"}' });
    client = new SecretsManagerClient({
      region: 'us-east-1',
      endpoint: fake.url,
      credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' },
    });
  });
  afterAll(async () => {
    client.destroy();
    await fake.close();
  });

  it('answers GetSecretValue with the SecretString', async () => {
    const output = await client.send(new GetSecretValueCommand({ SecretId: 'prod/keys' }));
    expect(output.SecretString).toBe('{"api_key":"sk-1"}');
    expect(fake.reads).toEqual(['prod/keys']);
  });

  it('answers an unknown secret with ResourceNotFoundException', async () => {
    await expect(client.send(new GetSecretValueCommand({ SecretId: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});
