import { randomUUID } from 'node:crypto';
import { admitCall, governs, planChecks } from './admission-plan';
import { verdictOf } from './admission-verdict';
import { AdmissionStoreUnavailable, LimitsStore } from './limits-store';
import { MemoryKeyspace } from './memory/keyspace';
import { admitScript, raiseSpendScript, settleScript } from './memory/scripts';
import { AdmissionKeys } from './redis-keys';
import { raiseSpendCall, settleCall } from './settle-plan';
import { AdmissionTicket, AdmitRequest, AdmitResult, SettleUsage, SpendEntry } from './types';

/**
 * The limits store of a single process: the planning and the scripts of `AdmissionStore`, run over
 * an in-memory keyspace. JavaScript runs each script to the end before anything else, so every
 * operation is as atomic as a Lua script. Keys carry no prefix: nothing else shares the keyspace.
 */
export class MemoryAdmissionStore implements LimitsStore {
  private readonly keys = new AdmissionKeys('');

  constructor(
    private readonly keyspace: MemoryKeyspace = new MemoryKeyspace(),
    private readonly newTicketId: () => string = randomUUID,
  ) {}

  admit(request: AdmitRequest): Promise<AdmitResult> {
    return promised(() => {
      const scopes = request.scopes.filter(governs);
      const checks = planChecks({ ...request, scopes });
      const ticketId = this.newTicketId();
      const call = admitCall(checks, this.keys, ticketId, request);
      const reply = this.run('admit', () => admitScript(this.keyspace, call));
      return verdictOf(checks, reply, request, ticketId);
    });
  }

  settle(ticket: AdmissionTicket, usage: SettleUsage, nowMs = Date.now()): Promise<boolean> {
    return promised(() => {
      const call = settleCall(this.keys, ticket, usage, nowMs);
      return this.run('settle', () => settleScript(this.keyspace, call)) === 1;
    });
  }

  raiseSpend(entries: SpendEntry[], nowMs = Date.now()): Promise<void> {
    return promised(() => {
      const call = raiseSpendCall(this.keys, entries, nowMs);
      if (call.keys.length > 0) this.run('raiseSpend', () => raiseSpendScript(this.keyspace, call));
    });
  }

  currentSpend(kind: string, id: string, windowStartMs: number): Promise<number> {
    return promised(() => {
      const value = this.run('currentSpend', () => this.keyspace.get(this.keys.spend(kind, id, windowStartMs)));
      return value === null ? 0 : Number(value);
    });
  }

  /** Same error as the Redis store, for a script that fails the same way (an unknown check kind). */
  private run<T>(operation: string, script: () => T): T {
    try {
      return this.keyspace.atomically(script);
    } catch (error) {
      throw new AdmissionStoreUnavailable(operation, error);
    }
  }
}

/** The body's result as a promise, with anything it throws as a rejection, as an async method would. */
function promised<T>(body: () => T): Promise<T> {
  return new Promise((resolve) => resolve(body()));
}
