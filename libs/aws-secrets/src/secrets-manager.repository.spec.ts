import { Secret } from '@gatehouse/config';
import { SecretsManagerRepository } from './secrets-manager.repository';

const origin = { source: 'config.yaml', path: 'model_list[0].litellm_params.api_key' };

function setup(values: Record<string, string>) {
  let clock = 1_000;
  const source = jest.fn((id: string) =>
    id in values ? Promise.resolve(values[id]) : Promise.reject(new Error(`ResourceNotFoundException: ${id}`)),
  );
  const repo = new SecretsManagerRepository(source, 60_000, () => clock);
  return { repo, source, advance: (ms: number) => (clock += ms) };
}

describe('SecretsManagerRepository', () => {
  it('serves a secret from the cache until the TTL expires, then reads it again', async () => {
    const values = { 'prod/openai': 'v1' };
    const { repo, source, advance } = setup(values);
    await expect(repo.fetch('prod/openai')).resolves.toBe('v1');
    values['prod/openai'] = 'v2';
    advance(59_999);
    await expect(repo.fetch('prod/openai')).resolves.toBe('v1');
    advance(1);
    await expect(repo.fetch('prod/openai')).resolves.toBe('v2');
    expect(source).toHaveBeenCalledTimes(2);
  });

  it('shares one read between concurrent callers', async () => {
    const { repo, source } = setup({ s: 'v' });
    await Promise.all([repo.fetch('s'), repo.fetch('s'), repo.fetch('s')]);
    expect(source).toHaveBeenCalledTimes(1);
  });

  it('does not cache a failure', async () => {
    const values: Record<string, string> = {};
    const { repo, source } = setup(values);
    await expect(repo.fetch('late')).rejects.toThrow('ResourceNotFoundException');
    values.late = 'now-there';
    await expect(repo.fetch('late')).resolves.toBe('now-there');
    expect(source).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['a whole secret', Secret.fromAwsSecret(origin, 'plain'), 'sk-plain'],
    ['a json_key', Secret.fromAwsSecret(origin, 'prod/keys', 'api_key'), 'sk-json'],
  ])('resolves %s through Secret', async (_, secret, expected) => {
    const { repo } = setup({ plain: 'sk-plain', 'prod/keys': '{"api_key":"sk-json","other":"x"}' });
    await expect(secret.resolve({ awsSecret: repo.fetch })).resolves.toBe(expected);
  });

  it.each([
    ['a missing secret', Secret.fromAwsSecret(origin, 'missing'), 'ResourceNotFoundException'],
    ['a missing json_key', Secret.fromAwsSecret(origin, 'prod/keys', 'nope'), 'the secret has no key "nope"'],
    ['a secret that is not JSON', Secret.fromAwsSecret(origin, 'plain', 'api_key'), 'not a JSON object'],
  ])('explains %s by the config path, never the value', async (_, secret, reason) => {
    const { repo } = setup({ plain: 'sk-plain', 'prod/keys': '{"api_key":"sk-json"}' });
    const error = await secret.resolve({ awsSecret: repo.fetch }).catch((e: unknown) => e as Error);
    expect(String(error)).toContain(reason);
    expect(String(error)).toContain('model_list[0].litellm_params.api_key');
    expect(String(error)).not.toMatch(/sk-plain|sk-json/);
  });
});
