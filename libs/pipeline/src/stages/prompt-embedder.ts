import { common, makePrincipal } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { TokenUsage } from '@gatehouse/providers-core';
import { RoutedDeployment } from '../catalog/model-catalog';
import { withDefaults } from '../catalog/request-defaults';
import { ProviderInvoker } from '../ports/provider-invoker';
import { DeploymentRouter } from './route';

/** One prompt's embedding and the call that made it: its deployment's price is the lookup's cost. */
export interface PromptEmbedding {
  vector: Float32Array;
  deployment: RoutedDeployment;
  model: string;
  usage: TokenUsage;
}

export type PromptEmbedder = (context: common.RequestContext, text: string) => Promise<PromptEmbedding>;

/**
 * Embeds prompts for the semantic cache with a deployment of the configured model group, chosen
 * by the router like any call's. The operator chose that model for the cache, so a key need not be
 * allowed to call it itself.
 */
export function promptEmbedder(router: DeploymentRouter, invoker: ProviderInvoker, group: string): PromptEmbedder {
  return async (context, text) => {
    const { deployment, model } = router.choose(makePrincipal({ ...context.principal, models: [] }), group);
    const request = withDefaults({ model, input: text }, deployment.defaults);
    const { body, usage } = await invoker.embed({ context, deploymentId: deployment.id, request });
    return { vector: vectorOf(body.object().data[0]?.embedding), deployment, model, usage };
  };
}

/** Floats as most providers send them, or OpenAI's base64 of little-endian float32s. */
function vectorOf(embedding: number[] | string | undefined): Float32Array {
  if (Array.isArray(embedding) && embedding.length > 0) return Float32Array.from(embedding);
  if (typeof embedding === 'string' && embedding.length > 0) {
    const bytes = Buffer.from(embedding, 'base64');
    if (bytes.length % 4 === 0) {
      const vector = new Float32Array(bytes.length / 4);
      for (let i = 0; i < vector.length; i++) vector[i] = bytes.readFloatLE(i * 4);
      return vector;
    }
  }
  throw new GatewayFailure('upstream', 'the embedding deployment answered without an embedding');
}
