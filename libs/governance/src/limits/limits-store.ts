import { AdmissionTicket, AdmitRequest, AdmitResult, SettleUsage, SpendEntry } from './types';

/** The store could not answer (refused, timed out, script failed); the caller applies its outage policy. */
export class AdmissionStoreUnavailable extends Error {
  constructor(operation: string, cause: unknown) {
    super(`admission store: ${operation} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'AdmissionStoreUnavailable';
  }
}

/**
 * Rate limits and budget reservations for every scope a request runs under. Bound to Redis when
 * several replicas share the counters (`AdmissionStore`), in process otherwise
 * (`MemoryAdmissionStore`); both run the same planning, so they decide alike. Each operation is
 * atomic across the key, its user and its team. Failures reject with `AdmissionStoreUnavailable`.
 */
export abstract class LimitsStore {
  /** Checks every scope, then records the request in all of them, or in none when one refuses. */
  abstract admit(request: AdmitRequest): Promise<AdmitResult>;

  /**
   * Releases the ticket's slots and reservations and charges the real cost and tokens. Resolves
   * false when the ticket had already been settled (nothing charged again).
   */
  abstract settle(ticket: AdmissionTicket, usage: SettleUsage, nowMs?: number): Promise<boolean>;

  /** Lifts spend counters to at least the ledger's totals (rebuilding lost counters); never lowers. */
  abstract raiseSpend(entries: SpendEntry[], nowMs?: number): Promise<void>;

  /** Settled spend in micro-dollars of one budget window (reservations not included). */
  abstract currentSpend(kind: string, id: string, windowStartMs: number): Promise<number>;
}
