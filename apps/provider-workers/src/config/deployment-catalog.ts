import {
  Deployment,
  GatewayConfig,
  ModelPattern,
  Secret,
  SecretResolvers,
  wildcardProviderModel,
} from '@gatehouse/config';
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

export interface SecretRefresh {
  resolvers: SecretResolvers;
  /** How long resolved secrets are served before a background refresh; 0 never refreshes. */
  ttlMs: number;
  /** A refresh that failed (the previous credentials stay in use); the error names the path, not the value. */
  onError: (deploymentId: string, error: unknown) => void;
  now?: () => number;
}

interface Slot {
  deployment: Deployment;
  target: DeploymentTarget;
  /** A wildcard deployment's model_name, when its provider model is filled from each request's model. */
  pattern?: ModelPattern;
  resolvedAt: number;
  refreshing: boolean;
}

/** Every deployment with its credentials resolved, looked up by id on each call. */
export class DeploymentCatalog {
  private constructor(
    private readonly config: GatewayConfig,
    private readonly byId: ReadonlyMap<string, Slot>,
    private readonly refresh: SecretRefresh | undefined,
  ) {}

  /** Resolves every secret up front, so a missing credential stops the service at start, naming it. */
  static async build(config: GatewayConfig, refresh?: SecretRefresh): Promise<DeploymentCatalog> {
    const now = refresh?.now ?? Date.now;
    const resolvers = refresh?.resolvers ?? {};
    const slots = await Promise.all(
      config.deployments.map(async (deployment) => {
        const target = await toTarget(deployment, config, resolvers);
        const pattern = ModelPattern.isPattern(deployment.providerModel)
          ? new ModelPattern(deployment.modelName)
          : undefined;
        return [deployment.id, { deployment, target, pattern, resolvedAt: now(), refreshing: false }] as const;
      }),
    );
    return new DeploymentCatalog(config, new Map(slots), refresh);
  }

  /**
   * The target for a call to `model` (the request's). Never waits on Secrets Manager: past the TTL it
   * answers with the current target and refreshes behind.
   */
  get(id: string, model: string): DeploymentTarget {
    const slot = this.byId.get(id);
    if (!slot) throw new GatewayFailure('not_found', `deployment '${id}' is not configured on provider-workers`);
    if (this.refresh && this.refresh.ttlMs > 0 && !slot.refreshing) {
      const now = this.refresh.now ?? Date.now;
      if (now() - slot.resolvedAt >= this.refresh.ttlMs) void this.refreshSlot(slot, this.refresh, now);
    }
    return slot.pattern ? wildcardTarget(slot.target, slot.pattern, model) : slot.target;
  }

  providers(): Set<string> {
    return new Set([...this.byId.values()].map((slot) => slot.target.provider));
  }

  private async refreshSlot(slot: Slot, refresh: SecretRefresh, now: () => number): Promise<void> {
    slot.refreshing = true;
    try {
      slot.target = await toTarget(slot.deployment, this.config, refresh.resolvers);
      slot.resolvedAt = now();
    } catch (error) {
      refresh.onError(slot.deployment.id, error);
    } finally {
      slot.refreshing = false;
    }
  }
}

/** A wildcard deployment sends the provider model the pipeline's catalogue resolved the request's model to. */
function wildcardTarget(target: DeploymentTarget, pattern: ModelPattern, model: string): DeploymentTarget {
  const providerModel = wildcardProviderModel(pattern, target, model);
  if (providerModel === undefined)
    throw new GatewayFailure(
      'not_found',
      `deployment '${target.id}' serves models matching '${pattern.pattern}', which '${model}' does not`,
      { param: 'model' },
    );
  return { ...target, providerModel };
}

async function toTarget(
  deployment: Deployment,
  config: GatewayConfig,
  resolvers: SecretResolvers,
): Promise<DeploymentTarget> {
  const { params } = deployment;
  const requestS =
    params.timeout ?? config.routerSettings.timeout ?? config.litellmSettings.request_timeout ?? DEFAULT_TIMEOUT_S;
  const idleS = params.stream_timeout ?? requestS;
  return {
    id: deployment.id,
    provider: deployment.provider,
    providerModel: deployment.providerModel,
    apiBase: params.api_base ?? DEFAULT_API_BASES[deployment.provider] ?? '',
    apiKey: params.api_key ? await params.api_key.resolve(resolvers) : undefined,
    dropParams: params.drop_params ?? config.litellmSettings.drop_params ?? false,
    timeouts: { requestMs: Math.round(requestS * 1000), idleMs: Math.round(idleS * 1000) },
    params: { ...params, ...(await resolveAwsSecrets(params, resolvers)) },
  };
}

const AWS_SECRET_PARAMS = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'] as const;

/** Bedrock's credentials are `Secret`s in the config; the provider client needs their values. */
async function resolveAwsSecrets(
  params: Deployment['params'],
  resolvers: SecretResolvers,
): Promise<Record<string, string>> {
  const resolved: Record<string, string> = {};
  for (const name of AWS_SECRET_PARAMS) {
    const secret = params[name];
    if (secret) resolved[name] = await secret.resolve(resolvers);
  }
  // Azure's Entra ID token is not a typed key, but it is held as a Secret like any `_token`.
  const adToken: unknown = params['azure_ad_token'];
  if (adToken instanceof Secret) resolved.azure_ad_token = await adToken.resolve(resolvers);
  return resolved;
}
