import { common } from '@gatehouse/contracts';

/** What the edge knows of a request before it is routed. */
export interface RequestContext {
  requestId: string;
  traceparent: string;
  principal: common.Principal;
  startedAt: number;
}
