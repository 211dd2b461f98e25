import { common } from '@gatehouse/contracts';

/** What the pipeline knows of a request once its caller is known. */
export interface RequestContext {
  requestId: string;
  traceparent: string;
  principal: common.Principal;
  startedAt: number;
  /** The request's `Cache-Control` header, when it sent one. */
  cacheControl?: string;
  /** `x-gatehouse-deployment`: serve this call from that deployment of its model group, for debugging. */
  pinnedDeployment?: string;
}
