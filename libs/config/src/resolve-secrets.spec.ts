import { ConfigError } from './config-error';
import { resolveSecrets } from './resolve-secrets';
import { Secret } from './secret';

const at = (path: string) => ({ source: 'config.yaml', path });

describe('resolveSecrets', () => {
  it('replaces every Secret in a structure and leaves the rest as is', async () => {
    const value = {
      model: 'openai/gpt-4o',
      api_key: Secret.fromEnv(at('a'), 'KEY', { KEY: 'sk-env' }),
      nested: [{ token: Secret.fromAwsSecret(at('b'), 'prod/keys', 'token') }, 3],
    };
    const resolved = await resolveSecrets(value, { awsSecret: () => Promise.resolve('{"token":"t-aws"}') });
    expect(resolved).toEqual({ model: 'openai/gpt-4o', api_key: 'sk-env', nested: [{ token: 't-aws' }, 3] });
    expect(value.api_key).toBeInstanceOf(Secret);
  });

  it('reports every failure in one ConfigError, in document order', async () => {
    const value = [
      Secret.fromEnv(at('first'), 'ONE', {}),
      Secret.literal(at('ok'), 'x'),
      Secret.fromAwsSecret(at('second'), 'id'),
    ];
    const error = await resolveSecrets(value).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      { location: 'first', message: 'environment variable ONE is not set' },
      { location: 'second', message: 'aws_secret/id needs an AWS Secrets Manager resolver, and none was given' },
    ]);
  });
});
