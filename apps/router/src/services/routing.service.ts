import { Injectable } from '@nestjs/common';
import { common, makePrincipal, providerWorkers, router } from '@gatehouse/contracts';
import { asFailure, toWire } from '@gatehouse/errors';
import { concat, map, Observable, of } from 'rxjs';
import { DeploymentRouter, RoutedDeployment } from '@gatehouse/pipeline';
import { ProviderWorkersClient } from '../repositories/provider-workers.client';

function served(deployment: RoutedDeployment): common.Served {
  return {
    deploymentId: deployment.id,
    provider: deployment.provider,
    providerModel: deployment.providerModel,
    attempts: 1,
    cacheHit: false,
  };
}

/** Chooses a deployment for the requested model and relays the call to provider-workers. */
@Injectable()
export class RoutingService {
  constructor(
    private readonly router: DeploymentRouter,
    private readonly workers: ProviderWorkersClient,
  ) {}

  async complete(request: router.CompleteRequest): Promise<router.CompleteResponse> {
    try {
      const deployment = this.router.choose(request.context?.principal ?? makePrincipal({}), request.model);
      const response = await this.workers.invoke(this.invokeRequest(request, deployment));
      if (!response.result) return { error: response.error };
      return { completion: { body: response.result.body, usage: response.result.usage, served: served(deployment) } };
    } catch (error) {
      return { error: toWire(asFailure(error)) };
    }
  }

  async embed(request: router.EmbedRequest): Promise<router.EmbedResponse> {
    try {
      const deployment = this.router.choose(request.context?.principal ?? makePrincipal({}), request.model);
      const response = await this.workers.embed(this.invokeRequest(request, deployment));
      if (!response.result) return { error: response.error };
      return { embedding: { body: response.result.body, usage: response.result.usage, served: served(deployment) } };
    } catch (error) {
      return { error: toWire(asFailure(error)) };
    }
  }

  streamComplete(request: router.CompleteRequest): Observable<router.CompleteChunk> {
    let deployment: RoutedDeployment;
    try {
      deployment = this.router.choose(request.context?.principal ?? makePrincipal({}), request.model);
    } catch (error) {
      return of({ error: toWire(asFailure(error)) });
    }
    const chunks = this.workers.invokeStream(this.invokeRequest(request, deployment)).pipe(map(toRouterChunk));
    return concat(of({ start: { served: served(deployment) } }), chunks);
  }

  private invokeRequest(request: router.CompleteRequest, deployment: RoutedDeployment): providerWorkers.InvokeRequest {
    return { context: request.context, deploymentId: deployment.id, body: request.body };
  }
}

function toRouterChunk(chunk: providerWorkers.InvokeChunk): router.CompleteChunk {
  if (chunk.chunk) return { chunk: chunk.chunk };
  if (chunk.usage) return { end: { usage: chunk.usage } };
  return { error: chunk.error };
}
