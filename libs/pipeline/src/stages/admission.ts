import { common } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import {
  AdmissionStoreUnavailable,
  AdmissionTicket,
  AdmitResult,
  carriesLimits,
  governs,
  LimitsStore,
  quotaHeaders,
  SettleUsage,
} from '@gatehouse/governance';
import type { Logger } from '@gatehouse/logging';

/** What to do when the limits store (Redis) cannot answer: refuse ('closed') or let requests through uncounted ('open'). */
export interface RedisFailurePolicy {
  budgets: 'closed' | 'open';
  rateLimits: 'open' | 'closed';
}

/** The part of the store this service uses; lets a spec hand in a strict fake. */
export type AdmissionBackend = Pick<LimitsStore, 'admit' | 'settle'>;

export interface AdmissionOptions {
  policy: RedisFailurePolicy;
  logger: Logger;
  /** How long a reservation and a parallel slot live when the request is never settled. */
  leaseMs: number;
  clock?: () => number;
}

export interface AdmissionContext {
  requestId: string;
  principal: common.Principal;
}

/** An admitted request: headers for the response, and `settle` to call once with what it really used. */
export interface Admission {
  headers: Record<string, string>;
  /** Returns at once; the Redis work runs in the background and its failures are logged. */
  settle(usage: SettleUsage): void;
}

/** At most one outage line per interval, so a Redis outage cannot flood the logs at request rate. */
const OUTAGE_LOG_INTERVAL_MS = 10_000;

const UNCOUNTED: Admission = { headers: {}, settle: () => undefined };

/**
 * Rate limits and budgets on the request path. Principals without limits or budgets (the master
 * key, most JWT users) never cost a Redis round trip; everyone else is checked in one.
 */
export class AdmissionService {
  private lastOutageLogMs = Number.NEGATIVE_INFINITY;
  private suppressedOutageLogs = 0;

  constructor(
    private readonly store: AdmissionBackend,
    private readonly options: AdmissionOptions,
  ) {}

  /**
   * Admits the request or throws the refusal (429, 400 budget_exceeded, or 503 when failing closed).
   * The reservation is a number or the function computing it, which runs only for callers with limits or budgets.
   */
  async admit(ctx: AdmissionContext, model: string, reservation: number | (() => number)): Promise<Admission> {
    const scopes = ctx.principal.scopes.filter(governs);
    if (scopes.length === 0) return UNCOUNTED;
    let result: AdmitResult;
    try {
      result = await this.store.admit({
        requestId: ctx.requestId,
        model,
        scopes,
        reservationMicroUsd: typeof reservation === 'number' ? reservation : reservation(),
        leaseMs: this.options.leaseMs,
        nowMs: this.now(),
      });
    } catch (error) {
      return this.duringOutage(error, scopes);
    }
    if (!result.admitted) throw result.failure;
    const { ticket } = result;
    let settled = false;
    return {
      headers: quotaHeaders(result.quota),
      settle: (usage) => {
        if (settled) return;
        settled = true;
        this.settleInBackground(ticket, usage);
      },
    };
  }

  private duringOutage(error: unknown, scopes: common.Scope[]): Admission {
    if (!(error instanceof AdmissionStoreUnavailable)) throw error;
    const { budgets, rateLimits } = this.options.policy;
    if (budgets === 'closed' && scopes.some((scope) => scope.budget !== undefined)) {
      this.logOutage(error, 'refusing requests with a budget (budgets fail closed)');
      throw new GatewayFailure('unavailable', 'budget checks are unavailable (Redis unreachable)');
    }
    if (rateLimits === 'closed' && scopes.some(carriesLimits)) {
      this.logOutage(error, 'refusing rate-limited requests (rate limits fail closed)');
      throw new GatewayFailure('unavailable', 'rate-limit checks are unavailable (Redis unreachable)');
    }
    this.logOutage(error, 'admitting requests without counting them (fail open)');
    return UNCOUNTED;
  }

  private settleInBackground(ticket: AdmissionTicket, usage: SettleUsage): void {
    // Started from a resolved promise so that even a synchronous throw ends up in the handler below.
    Promise.resolve()
      .then(() => this.store.settle(ticket, usage))
      .then(
        () => undefined,
        (error: unknown) => {
          const consequence =
            'settle failed; the reservation lapses after its lease and spend is rebuilt from the ledger';
          if (error instanceof AdmissionStoreUnavailable) this.logOutage(error, consequence);
          else this.options.logger.error({ err: error, requestId: ticket.requestId }, consequence);
        },
      );
  }

  private logOutage(error: AdmissionStoreUnavailable, consequence: string): void {
    const now = this.now();
    if (now - this.lastOutageLogMs < OUTAGE_LOG_INTERVAL_MS) {
      this.suppressedOutageLogs += 1;
      return;
    }
    const suppressed = this.suppressedOutageLogs;
    this.lastOutageLogMs = now;
    this.suppressedOutageLogs = 0;
    this.options.logger.error({ err: error, suppressed }, `governance Redis unavailable: ${consequence}`);
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }
}
