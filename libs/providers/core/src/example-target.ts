import { DeploymentTarget } from './provider-adapter';

/** A complete deployment target for adapter specs; override what a case is about. */
export function exampleTarget(overrides: Partial<DeploymentTarget> = {}): DeploymentTarget {
  return {
    id: 'deployment-1',
    provider: 'example',
    providerModel: 'example-model',
    apiBase: 'http://upstream.test',
    apiKey: 'sk-example',
    dropParams: false,
    timeouts: { requestMs: 1_000, idleMs: 1_000 },
    params: {},
    ...overrides,
  };
}
