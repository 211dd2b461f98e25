import { parseGatewayConfig } from './gateway-config';
import { EDGE_ENV, LITELLM_CONFIG } from './gateway-config.fixture';
import { redactEnv, redactGatewayConfig, redactUrlCredentials } from './redact';

describe('redactGatewayConfig', () => {
  const config = parseGatewayConfig(LITELLM_CONFIG, 'config.yaml', { ...EDGE_ENV, OPENAI_API_KEY: 'sk-openai-secret' });
  const redacted = redactGatewayConfig(config);
  const text = JSON.stringify(redacted);

  it('shows every secret as [redacted]', () => {
    expect(text).not.toContain('sk-openai-secret');
    expect(text).not.toContain('sk-literal-key');
    expect(text).not.toContain('hunter2');
    expect(redacted).toMatchObject({
      deployments: expect.arrayContaining([
        expect.objectContaining({ params: expect.objectContaining({ api_key: '[redacted]' }) as unknown }),
      ]) as unknown,
      generalSettings: { master_key: '[redacted]', database_url: '[redacted]' },
    });
  });

  it('keeps what operators need to read', () => {
    expect(text).toContain('"api_base":"https://eu.openai.azure.com"');
    expect(text).toContain('"providerModel":"gpt-4o"');
  });
});

describe('redactEnv', () => {
  it('redacts secret-named keys and URL credentials', () => {
    expect(
      redactEnv({
        GATEHOUSE_MASTER_KEY: 'sk-master',
        AWS_SECRET_ACCESS_KEY: 'wJalr',
        AWS_ACCESS_KEY_ID: 'AKIA',
        REDIS_URL: 'redis://:pw@cache:6379',
        GATEHOUSE_PORT: 4000,
        S3_ENDPOINT: undefined,
      }),
    ).toEqual({
      GATEHOUSE_MASTER_KEY: '[redacted]',
      AWS_SECRET_ACCESS_KEY: '[redacted]',
      AWS_ACCESS_KEY_ID: '[redacted]',
      REDIS_URL: 'redis://:[redacted]@cache:6379',
      GATEHOUSE_PORT: 4000,
      S3_ENDPOINT: undefined,
    });
  });
});

describe('redactUrlCredentials', () => {
  it.each([
    ['postgres://app:pw@db:5432/x', 'postgres://app:[redacted]@db:5432/x'],
    ['https://token@host/path', 'https://[redacted]@host/path'],
    ['https://host/path?q=a@b', 'https://host/path?q=a@b'],
    ['plain text', 'plain text'],
  ])('%s → %s', (input, expected) => expect(redactUrlCredentials(input)).toBe(expected));
});
