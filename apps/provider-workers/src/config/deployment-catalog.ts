import { Deployment, GatewayConfig } from '@gatehouse/config';
import { GatewayFailure } from '@gatehouse/errors';
import { DeploymentTarget } from '@gatehouse/providers-core';

/** LiteLLM's default: 600 s to answer; a stream may idle as long unless stream_timeout says less. */
const DEFAULT_TIMEOUT_S = 600;

const DEFAULT_API_BASES: Record<string, string> = {
  openai: 'https://api.openai.com/v1',
  groq: 'https://api.groq.com/openai/v1',
  together_ai: 'https://api.together.xyz/v1',
  deepseek: 'https://api.deepseek.com/v1',
  fireworks_ai: 'https://api.fireworks.ai/inference/v1',
  mistral: 'https://api.mistral.ai/v1',
};

/** Every deployment with its credentials resolved, looked up by id on each call. */
export class DeploymentCatalog {
  private constructor(private readonly byId: ReadonlyMap<string, DeploymentTarget>) {}

  /** Resolves every secret up front, so a missing credential stops the service at start, naming it. */
  static async build(config: GatewayConfig): Promise<DeploymentCatalog> {
    const entries = await Promise.all(config.deployments.map(async (d) => [d.id, await toTarget(d, config)] as const));
    return new DeploymentCatalog(new Map(entries));
  }

  get(id: string): DeploymentTarget {
    const deployment = this.byId.get(id);
    if (!deployment) throw new GatewayFailure('not_found', `deployment '${id}' is not configured on provider-workers`);
    return deployment;
  }

  providers(): Set<string> {
    return new Set([...this.byId.values()].map((d) => d.provider));
  }
}

async function toTarget(deployment: Deployment, config: GatewayConfig): Promise<DeploymentTarget> {
  const { params } = deployment;
  const requestS = params.timeout ?? config.litellmSettings.request_timeout ?? DEFAULT_TIMEOUT_S;
  const idleS = params.stream_timeout ?? requestS;
  return {
    id: deployment.id,
    provider: deployment.provider,
    providerModel: deployment.providerModel,
    apiBase: params.api_base ?? DEFAULT_API_BASES[deployment.provider] ?? '',
    apiKey: params.api_key ? await params.api_key.resolve() : undefined,
    dropParams: params.drop_params ?? config.litellmSettings.drop_params ?? false,
    timeouts: { requestMs: Math.round(requestS * 1000), idleMs: Math.round(idleS * 1000) },
    params,
  };
}
