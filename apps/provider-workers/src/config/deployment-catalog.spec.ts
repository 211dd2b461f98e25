import { parseGatewayConfig } from '@gatehouse/config';
import { DeploymentCatalog, SecretRefresh } from './deployment-catalog';

const YAML = `model_list:
  - model_name: chat
    model_info: { id: d1 }
    litellm_params:
      model: openai/gpt-4o
      api_key: aws_secret/prod/openai#api_key
`;

function setup(ttlMs = 1000) {
  let clock = 0;
  let value = 'k1';
  const fetch = jest.fn(() => Promise.resolve(JSON.stringify({ api_key: value })));
  const onError = jest.fn<void, [string, unknown]>();
  const refresh: SecretRefresh = { resolvers: { awsSecret: fetch }, ttlMs, onError, now: () => clock };
  return {
    refresh,
    fetch,
    onError,
    advance: (ms: number) => (clock += ms),
    rotate: (next: string) => (value = next),
    fail: () => fetch.mockImplementationOnce(() => Promise.reject(new Error('AccessDeniedException'))),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('DeploymentCatalog secret refresh', () => {
  const config = parseGatewayConfig(YAML, 'config.yaml', {});

  it('resolves secrets at start', async () => {
    const { refresh } = setup();
    const catalog = await DeploymentCatalog.build(config, refresh);
    expect(catalog.get('d1', 'chat').apiKey).toBe('k1');
  });

  it('keeps answering without waiting, and picks up a rotated key after the TTL', async () => {
    const t = setup();
    const catalog = await DeploymentCatalog.build(config, t.refresh);
    t.rotate('k2');
    t.advance(999);
    expect(catalog.get('d1', 'chat').apiKey).toBe('k1');
    expect(t.fetch).toHaveBeenCalledTimes(1);
    t.advance(1);
    expect(catalog.get('d1', 'chat').apiKey).toBe('k1');
    await settle();
    expect(catalog.get('d1', 'chat').apiKey).toBe('k2');
    expect(t.fetch).toHaveBeenCalledTimes(2);
  });

  it('keeps the previous key when a refresh fails, and reports it by deployment', async () => {
    const t = setup();
    const catalog = await DeploymentCatalog.build(config, t.refresh);
    t.fail();
    t.advance(1000);
    catalog.get('d1', 'chat');
    await settle();
    expect(catalog.get('d1', 'chat').apiKey).toBe('k1');
    expect(t.onError).toHaveBeenCalledWith('d1', expect.any(Error));
    expect(String(t.onError.mock.calls[0][1])).not.toContain('k1');
  });

  it('fails at start naming the config path', async () => {
    const t = setup();
    t.fail();
    await expect(DeploymentCatalog.build(config, t.refresh)).rejects.toThrow(
      /model_list\[0\]\.litellm_params\.api_key.*AccessDeniedException/s,
    );
  });
});

describe('DeploymentCatalog timeouts', () => {
  const targetOf = async (yaml: string) =>
    (await DeploymentCatalog.build(parseGatewayConfig(yaml, 'config.yaml', {}))).get('t', 'chat').timeouts;
  const entry = (params = '') =>
    `model_list:\n  - model_name: chat\n    model_info: { id: t }\n    litellm_params: { model: openai/gpt-4o${params} }\n`;

  it("takes the deployment's timeout, then router_settings.timeout, then litellm_settings.request_timeout", async () => {
    expect(await targetOf(entry(', timeout: 3, stream_timeout: 1') + 'router_settings: { timeout: 9 }\n')).toEqual({
      requestMs: 3_000,
      idleMs: 1_000,
    });
    const settings = 'router_settings: { timeout: 9 }\nlitellm_settings: { request_timeout: 20 }\n';
    expect(await targetOf(entry() + settings)).toEqual({ requestMs: 9_000, idleMs: 9_000 });
    expect(await targetOf(entry() + 'litellm_settings: { request_timeout: 20 }\n')).toEqual({
      requestMs: 20_000,
      idleMs: 20_000,
    });
    expect(await targetOf(entry())).toEqual({ requestMs: 600_000, idleMs: 600_000 });
  });
});
