import { ScriptCall, wholeUnits } from './admission-plan';
import { AdmissionKeys, MINUTE_MS, minuteOf } from './redis-keys';
import { AdmissionTicket, BudgetHold, SettleUsage, SpendEntry } from './types';

/** A spend counter outlives its window by this much, so a late settle still lands in a live key. */
export const SPEND_MARGIN_MS = 3_600_000;
/** A minute's token bucket is read as "the previous minute" during the next one, then dropped. */
export const TOKEN_BUCKET_TTL_MS = 3 * MINUTE_MS;
/** Shortest life of a settled marker; a ticket's own lease is used when longer. */
export const MIN_SETTLED_MARKER_MS = MINUTE_MS;

/**
 * KEYS and ARGV for the settle script: release the ticket's slots and reservations, charge the real
 * cost to each budget window recorded at admit (even when the reservation already lapsed), and add
 * the tokens to this minute's TPM buckets. The settled marker lives for the ticket's lease after the
 * first settle, so a repeated settle in that time charges nothing.
 */
export function settleCall(
  keys: AdmissionKeys,
  ticket: AdmissionTicket,
  usage: SettleUsage,
  nowMs: number,
): ScriptCall {
  const operations: { kind: 'slot' | 'held' | 'add'; amount: number; ttlMs: number; keys: string[] }[] = [];
  for (const owner of ticket.slots) {
    operations.push({ kind: 'slot', amount: 0, ttlMs: 0, keys: [keys.parallel(owner)] });
  }
  for (const hold of ticket.budgets) {
    const { kind, id, windowStartMs } = hold;
    operations.push({
      kind: 'held',
      amount: 0,
      ttlMs: 0,
      keys: [keys.reservations(kind, id), keys.reservationExpiry(kind, id)],
    });
    const spendKey = keys.spend(kind, id, windowStartMs);
    operations.push({
      kind: 'add',
      amount: wholeUnits(usage.costMicroUsd),
      ttlMs: spendTtlMs(hold, nowMs),
      keys: [spendKey],
    });
  }
  const minute = minuteOf(nowMs);
  for (const owner of ticket.tokenCounters) {
    const bucket = keys.tokens(owner, minute);
    operations.push({ kind: 'add', amount: wholeUnits(usage.totalTokens), ttlMs: TOKEN_BUCKET_TTL_MS, keys: [bucket] });
  }
  const markerMs = Math.max(ticket.leaseMs, MIN_SETTLED_MARKER_MS);
  return {
    keys: [keys.settled(ticket.id), ...operations.flatMap((operation) => operation.keys)],
    args: [ticket.id, markerMs, operations.length, ...operations.flatMap((o) => [o.kind, o.amount, o.ttlMs])],
  };
}

/** KEYS and ARGV for the raise-spend script; entries whose window has already ended are left out. */
export function raiseSpendCall(keys: AdmissionKeys, entries: SpendEntry[], nowMs: number): ScriptCall {
  const call: ScriptCall = { keys: [], args: [] };
  for (const entry of entries) {
    const ended = entry.durationSeconds > 0 && entry.windowStartMs + entry.durationSeconds * 1000 <= nowMs;
    if (ended) continue;
    call.keys.push(keys.spend(entry.kind, entry.id, entry.windowStartMs));
    call.args.push(wholeUnits(entry.microUsd), spendTtlMs(entry, nowMs));
  }
  return call;
}

/** Until the window ends plus a margin; 0 (no TTL) for a budget that never resets. */
export function spendTtlMs(hold: Pick<BudgetHold, 'windowStartMs' | 'durationSeconds'>, nowMs: number): number {
  if (hold.durationSeconds <= 0) return 0;
  const endMs = hold.windowStartMs + hold.durationSeconds * 1000;
  return Math.max(endMs - nowMs, 0) + SPEND_MARGIN_MS;
}
