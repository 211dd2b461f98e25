import { common } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { AdminOperation } from '@gatehouse/governance';
import { AdminHandler } from '../src/services/admin/admin-handler';

export type Json = Record<string, unknown>;

/**
 * Calls one admin operation the way auth's dispatcher does. `handlers` is read at call time, so a
 * suite may build its service in `beforeAll`.
 */
export function adminCaller(
  handlers: () => Partial<Record<AdminOperation, AdminHandler>>,
  by: common.Principal,
  requestId?: string,
) {
  return async (operation: AdminOperation, body: unknown, caller: common.Principal = by): Promise<Json> => {
    const handler = handlers()[operation];
    if (!handler) throw new Error(`no handler for ${operation}`);
    return (await handler({ body, caller, requestId: requestId ?? `req-${operation}` })) as Json;
  };
}

/** The GatewayFailure a call was refused with; fails the test when it was not refused. */
export async function failureOf(promise: Promise<unknown>): Promise<GatewayFailure> {
  const outcome: unknown = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(outcome instanceof GatewayFailure)) throw new Error(`expected a GatewayFailure, got ${String(outcome)}`);
  return outcome;
}
