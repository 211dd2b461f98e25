import { common } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';

/** One request asking to start: every scope's limits and budget are checked in one Redis round trip. */
export interface AdmitRequest {
  /** The client-visible request id, for logs only: clients may repeat it, so nothing is keyed by it. */
  requestId: string;
  /** The client-facing model name, which selects a scope's `modelLimits`. */
  model: string;
  scopes: common.Scope[];
  /** Held against every budget until settled; the most this request can cost. */
  reservationMicroUsd: number;
  /** How long the reservation and the parallel slot live when the request is never settled. */
  leaseMs: number;
  nowMs: number;
}

/** Whose counter: a scope, or a scope's limits for one model. */
export interface CounterOwner {
  kind: string;
  id: string;
  model?: string;
}

/** A budget this request holds a reservation against, and the window its cost is charged to. */
export interface BudgetHold {
  kind: string;
  id: string;
  windowStartMs: number;
  durationSeconds: number;
}

/** What `settle` needs to undo and charge; plain data, so it can be logged or carried anywhere. */
export interface AdmissionTicket {
  /** Generated per admit: the member in every set and the settled marker's name. */
  id: string;
  requestId: string;
  leaseMs: number;
  /** Parallel slots taken. */
  slots: CounterOwner[];
  /** TPM counters the real tokens are added to. */
  tokenCounters: CounterOwner[];
  budgets: BudgetHold[];
}

/** One rate-limit dimension of the most constrained scope, for `x-ratelimit-*` headers. */
export interface QuotaWindow {
  limit: number;
  remaining: number;
  /** Milliseconds until the next unit frees (requests) or until the counter is back to zero (tokens). */
  resetMs: number;
}

export interface Quota {
  requests?: QuotaWindow;
  tokens?: QuotaWindow;
}

export type AdmitResult =
  | { admitted: true; ticket: AdmissionTicket; quota: Quota }
  | { admitted: false; failure: GatewayFailure; quota: Quota };

export interface SettleUsage {
  costMicroUsd: number;
  totalTokens: number;
}

/** A spend total from the ledger, used to rebuild a counter that Redis lost. */
export interface SpendEntry {
  kind: string;
  id: string;
  windowStartMs: number;
  durationSeconds: number;
  microUsd: number;
}
