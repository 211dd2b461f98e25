import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { admitCall, governs, planChecks } from './admission-plan';
import { verdictOf } from './admission-verdict';
import { AdmissionStoreUnavailable, LimitsStore } from './limits-store';
import { AdmissionKeys } from './redis-keys';
import { defineAdmissionScripts } from './scripts';
import { raiseSpendCall, settleCall } from './settle-plan';
import { AdmissionTicket, AdmitRequest, AdmitResult, SettleUsage, SpendEntry } from './types';

/**
 * The limits store in Redis, shared by every edge-api replica. Each operation is one script run,
 * so checks and commits across the key, its user and its team are atomic.
 */
export class AdmissionStore implements LimitsStore {
  private readonly keys: AdmissionKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly newTicketId: () => string = randomUUID,
  ) {
    this.keys = new AdmissionKeys(prefix);
    defineAdmissionScripts(redis);
  }

  /** Checks every scope, then records the request in all of them, or in none when one refuses. */
  async admit(request: AdmitRequest): Promise<AdmitResult> {
    const scopes = request.scopes.filter(governs);
    const checks = planChecks({ ...request, scopes });
    const ticketId = this.newTicketId();
    const call = admitCall(checks, this.keys, ticketId, request);
    const reply = await this.run('admit', () =>
      this.redis.gatehouseAdmit(call.keys.length, ...call.keys, ...call.args),
    );
    return verdictOf(checks, reply, request, ticketId);
  }

  /**
   * Releases the ticket's slots and reservations and charges the real cost and tokens. Resolves
   * false when the ticket had already been settled (nothing charged again).
   */
  async settle(ticket: AdmissionTicket, usage: SettleUsage, nowMs = Date.now()): Promise<boolean> {
    const call = settleCall(this.keys, ticket, usage, nowMs);
    const settled = await this.run('settle', () =>
      this.redis.gatehouseSettle(call.keys.length, ...call.keys, ...call.args),
    );
    return settled === 1;
  }

  /** Lifts spend counters to at least the ledger's totals (rebuilding after Redis lost them); never lowers. */
  async raiseSpend(entries: SpendEntry[], nowMs = Date.now()): Promise<void> {
    const call = raiseSpendCall(this.keys, entries, nowMs);
    if (call.keys.length === 0) return;
    await this.run('raiseSpend', () => this.redis.gatehouseRaiseSpend(call.keys.length, ...call.keys, ...call.args));
  }

  /** Settled spend in micro-dollars of one budget window (reservations not included). */
  async currentSpend(kind: string, id: string, windowStartMs: number): Promise<number> {
    const value = await this.run('currentSpend', () => this.redis.get(this.keys.spend(kind, id, windowStartMs)));
    return value === null ? 0 : Number(value);
  }

  private async run<T>(operation: string, command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new AdmissionStoreUnavailable(operation, error);
    }
  }
}
