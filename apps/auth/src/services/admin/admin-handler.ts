import { common } from '@gatehouse/contracts';
import { AdminOperation } from '@gatehouse/governance';

/** One admin call as auth receives it: the JSON payload and who sent it. */
export interface AdminCall {
  body: unknown;
  caller: common.Principal;
  requestId: string;
}

/** Answers one operation with a LiteLLM-shaped JSON value, or throws a GatewayFailure. */
export type AdminHandler = (call: AdminCall) => Promise<unknown>;

/** A service that answers some of the admin operations. */
export interface AdminHandlerSet {
  handlers(): Partial<Record<AdminOperation, AdminHandler>>;
}

/** How the caller is named in the audit log: never a credential, only who it resolves to. */
export function actorOf(caller: common.Principal): string {
  if (caller.kind === 'master') return 'master_key';
  if (caller.userId) return `user:${caller.userId}`;
  return `${caller.kind}:${caller.keyId || caller.subject.slice(0, 12)}`;
}
