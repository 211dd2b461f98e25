import { inspect } from 'node:util';
import { ConfigError } from './config-error';
import { parseReference } from './reference';
import { isSecretKey, Secret } from './secret';

const origin = { source: 'config.yaml', path: 'model_list[0].litellm_params.api_key' };

describe('parseReference', () => {
  it('recognises os.environ/ and aws_secret/ references', () => {
    expect(parseReference('os.environ/OPENAI_API_KEY')).toEqual({ kind: 'env', name: 'OPENAI_API_KEY' });
    expect(parseReference('aws_secret/prod/gatehouse/openai')).toEqual({
      kind: 'aws_secret',
      secretId: 'prod/gatehouse/openai',
    });
    expect(parseReference('aws_secret/arn:aws:secretsmanager:us-east-1:123:secret:keys-AbC#openai')).toEqual({
      kind: 'aws_secret',
      secretId: 'arn:aws:secretsmanager:us-east-1:123:secret:keys-AbC',
      jsonKey: 'openai',
    });
    expect(parseReference('sk-plain')).toBeUndefined();
  });

  it.each(['os.environ/', 'os.environ/1BAD', 'aws_secret/', 'aws_secret/#key', 'aws_secret/id#'])(
    'reports %p as invalid',
    (value) => {
      expect(parseReference(value)).toMatchObject({ kind: 'invalid' });
    },
  );
});

describe('Secret', () => {
  it('resolves a literal and a set environment variable', async () => {
    await expect(Secret.literal(origin, 'sk-literal').resolve()).resolves.toBe('sk-literal');
    await expect(Secret.fromEnv(origin, 'KEY', { KEY: 'sk-env' }).resolve()).resolves.toBe('sk-env');
  });

  it('fails only on resolve when the variable is unset, naming the path and the variable', async () => {
    const secret = Secret.fromEnv(origin, 'OPENAI_API_KEY', {});
    const error = await secret.resolve().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      { location: 'model_list[0].litellm_params.api_key', message: 'environment variable OPENAI_API_KEY is not set' },
    ]);
    expect((error as ConfigError).message).toContain('config.yaml');
  });

  it('treats an empty variable as unset', async () => {
    await expect(Secret.fromEnv(origin, 'KEY', { KEY: '' }).resolve()).rejects.toThrow('KEY is not set');
  });

  it('captures the environment at load time', async () => {
    const env: NodeJS.ProcessEnv = { KEY: 'before' };
    const secret = Secret.fromEnv(origin, 'KEY', env);
    env.KEY = 'after';
    await expect(secret.resolve()).resolves.toBe('before');
  });

  it('resolves aws_secret/ through the pluggable fetcher, picking a JSON key when given', async () => {
    const fetcher = jest.fn((id: string) => Promise.resolve(id === 'prod/keys' ? '{"openai":"sk-aws"}' : 'raw'));
    await expect(Secret.fromAwsSecret(origin, 'prod/keys', 'openai').resolve({ awsSecret: fetcher })).resolves.toBe(
      'sk-aws',
    );
    await expect(Secret.fromAwsSecret(origin, 'plain').resolve({ awsSecret: fetcher })).resolves.toBe('raw');
    expect(fetcher).toHaveBeenCalledWith('prod/keys');
  });

  it('exposes the parsed aws_secret reference for a later resolver', () => {
    expect(Secret.fromAwsSecret(origin, 'prod/keys', 'openai').from).toEqual({
      kind: 'aws_secret',
      secretId: 'prod/keys',
      jsonKey: 'openai',
    });
  });

  it('explains aws_secret/ failures without showing the secret', async () => {
    const secret = Secret.fromAwsSecret(origin, 'prod/keys', 'anthropic');
    await expect(secret.resolve()).rejects.toThrow(
      'aws_secret/prod/keys#anthropic needs an AWS Secrets Manager resolver',
    );
    await expect(secret.resolve({ awsSecret: () => Promise.resolve('{"openai":"sk-aws"}') })).rejects.toThrow(
      'the secret has no key "anthropic"',
    );
    await expect(secret.resolve({ awsSecret: () => Promise.resolve('sk-not-json') })).rejects.toThrow(
      /the secret is not a JSON object/,
    );
    await expect(secret.resolve({ awsSecret: () => Promise.reject(new Error('AccessDenied')) })).rejects.toThrow(
      'could not read aws_secret/prod/keys#anthropic: AccessDenied',
    );
    const error = await secret.resolve({ awsSecret: () => Promise.resolve('sk-not-json') }).catch((e: unknown) => e);
    expect((error as ConfigError).message).not.toContain('sk-not-json');
  });

  it('never shows its value when serialised or inspected', () => {
    const secret = Secret.literal(origin, 'sk-very-secret');
    const shown = [JSON.stringify({ secret }), String(secret), inspect({ secret }), `${secret.toString()}`];
    for (const text of shown) {
      expect(text).toContain('[redacted]');
      expect(text).not.toContain('sk-very-secret');
    }
  });
});

describe('isSecretKey', () => {
  it.each([
    'api_key',
    'master_key',
    'aws_secret_access_key',
    'aws_access_key_id',
    'aws_session_token',
    'redis_password',
  ])('%s is secret', (key) => expect(isSecretKey(key)).toBe(true));

  it.each(['model', 'api_base', 'input_cost_per_token', 'output_cost_per_reasoning_token', 'max_tokens', 'rpm'])(
    '%s is not secret',
    (key) => expect(isSecretKey(key)).toBe(false),
  );
});
