import { common } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { randomUUID } from 'node:crypto';
import { LimitsStore } from '../limits-store';
import { AdmissionKeys } from '../redis-keys';
import { AdmissionTicket, AdmitRequest, AdmitResult } from '../types';

/** Raw reads of the keys, for what the API does not show: a refusal leaving no trace, a key's TTL. */
export interface KeyProbe {
  zcard(key: string): Promise<number>;
  hget(key: string, field: string): Promise<string | null>;
  get(key: string): Promise<string | null>;
  /** Remaining ms; -1 for a key without a TTL, -2 for no key. */
  pttl(key: string): Promise<number>;
}

/** One binding of `LimitsStore` as the contract drives it, opened afresh for every scenario. */
export interface LimitsStoreFixture {
  /** Two replicas over one shared state; one instance may serve as both. */
  replicas: [LimitsStore, LimitsStore];
  /** The key names the replicas use. */
  keys: AdmissionKeys;
  probe: KeyProbe;
  /** The clock keys expire by; requests take their `nowMs` from it. */
  now(): number;
  /** Lets that clock run on. */
  elapse(ms: number): Promise<void>;
}

export type OpenFixture = () => LimitsStoreFixture;

export const LEASE_MS = 600_000;
/** Short enough for Redis to expire keys in real time while a test waits. */
export const SHORT_LEASE_MS = 300;
/** One reservation, in micro-dollars. */
export const R = 1_000;

export function scope(kind: string, limits: Partial<common.Limits>, extra: Partial<common.Scope> = {}): common.Scope {
  return {
    kind,
    id: `${kind}-${randomUUID()}`,
    limits: { rpm: 0, tpm: 0, maxParallel: 0, ...limits },
    modelLimits: {},
    ...extra,
  };
}

export function budget(maxMicroUsd: number, durationSeconds = 0, anchorUnixMs = 0): common.Budget {
  return { maxMicroUsd, durationSeconds, anchorUnixMs };
}

export function request(scopes: common.Scope[], nowMs: number, overrides: Partial<AdmitRequest> = {}): AdmitRequest {
  return {
    requestId: randomUUID(),
    model: 'gpt-4o',
    scopes,
    reservationMicroUsd: R,
    leaseMs: LEASE_MS,
    nowMs,
    ...overrides,
  };
}

export function admittedTicket(result: AdmitResult): AdmissionTicket {
  if (!result.admitted) throw new Error(`expected an admission, got: ${result.failure.message}`);
  return result.ticket;
}

export function refusal(result: AdmitResult): GatewayFailure {
  if (result.admitted) throw new Error('expected a refusal, the request was admitted');
  return result.failure;
}

/** Inside the minute of `nowMs`, far enough from its edges that TPM buckets do not roll over mid-test. */
export function midMinute(nowMs: number): number {
  return Math.floor(nowMs / 60_000) * 60_000 + 1_000;
}

/** Asserts a TTL in (max - slack, max]: set to `max` a moment ago, not yet gone. */
export function expectTtlNear(ttlMs: number, maxMs: number, slackMs = 5_000): void {
  expect(ttlMs).toBeLessThanOrEqual(maxMs);
  expect(ttlMs).toBeGreaterThan(Math.max(maxMs - slackMs, 0));
}
