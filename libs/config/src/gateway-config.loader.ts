import { readFileSync } from 'node:fs';
import { ConfigError, errorMessage } from './config-error';
import { GatewayConfig, parseGatewayConfig } from './gateway-config';

/** Reads and validates `config.yaml`; every failure, including a missing file, is a `ConfigError`. */
export function loadGatewayConfig(path: string, env: NodeJS.ProcessEnv): GatewayConfig {
  return parseGatewayConfig(readConfigText(path), path, env);
}

function readConfigText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `Cannot read gateway config ${path}`,
      [{ location: path, message: describeReadError(error) }],
      {
        cause: error,
      },
    );
  }
}

function describeReadError(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code === 'ENOENT') return 'file not found (set GATEHOUSE_CONFIG to the config file path)';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory, not a file';
  return errorMessage(error);
}
