import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error';
import { LITELLM_CONFIG } from './gateway-config.fixture';
import { loadGatewayConfig } from './gateway-config.loader';

describe('loadGatewayConfig', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'gatehouse-config-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads and validates a file, naming it as the source', () => {
    const path = join(dir, 'config.yaml');
    writeFileSync(path, LITELLM_CONFIG);
    const config = loadGatewayConfig(path, { AZURE_API_BASE: 'https://eu.openai.azure.com', REDIS_HOST: 'redis' });
    expect(config.source).toBe(path);
    expect(config.deployments).toHaveLength(6);
  });

  it('names the file in validation errors', () => {
    const path = join(dir, 'broken.yaml');
    writeFileSync(path, 'model_list:\n  - model_name: m\n');
    expect(() => loadGatewayConfig(path, {})).toThrow(
      `Invalid gateway config ${path} (1 problem):\n  - model_list[0].litellm_params: is required`,
    );
  });

  it('fails clearly when the file does not exist', () => {
    const path = join(dir, 'missing.yaml');
    const error = (() => {
      try {
        return loadGatewayConfig(path, {});
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      `Cannot read gateway config ${path} (1 problem):\n  - ${path}: file not found (set GATEHOUSE_CONFIG to the config file path)`,
    );
  });
});
