import { common } from '@gatehouse/contracts';
import { RoutedDeployment } from './catalog/model-catalog';
import { RequestContext } from './request-context';

/** Which deployment answered, after how many attempts, for response headers and the usage event. */
export function servedBy(deployment: RoutedDeployment, attempts: number): common.Served {
  return {
    deploymentId: deployment.id,
    provider: deployment.provider,
    providerModel: deployment.providerModel,
    attempts,
    cacheHit: false,
  };
}

/** An answer from the response cache: no deployment, no try. */
export const CACHE_SERVED: common.Served = Object.freeze({
  deploymentId: '',
  provider: '',
  providerModel: '',
  attempts: 0,
  cacheHit: true,
});

/** What the provider invoker needs to know of the caller; its limits and budgets stay in admission. */
export function invokeContext(ctx: RequestContext): common.RequestContext {
  return { requestId: ctx.requestId, traceparent: ctx.traceparent, principal: { ...ctx.principal, scopes: [] } };
}
