import { CounterOwner } from './types';

export const MINUTE_MS = 60_000;

/**
 * Names of the admission keys. Ids and model names are URI-encoded, so a `:` or `@` in a team id
 * or model name can never make two owners share a key.
 *
 * Every key starts with the prefix, and one script touches the keys of several scopes: Gatehouse
 * needs a single Redis primary (ElastiCache with cluster mode disabled), or a prefix holding a hash
 * tag such as `{gh}:` so that a cluster puts every admission key in one slot.
 */
export class AdmissionKeys {
  constructor(private readonly prefix: string) {}

  /** Sorted set of admitted tickets scored by admit time: the exact sliding-minute request log. */
  requestLog(owner: CounterOwner): string {
    return `${this.prefix}rl:req:${ownerPart(owner)}`;
  }

  /** Tokens settled during one fixed minute (`minute` = epoch ms / 60 000). */
  tokens(owner: CounterOwner, minute: number): string {
    return `${this.prefix}rl:tok:${ownerPart(owner)}:${minute}`;
  }

  /** Sorted set of in-flight tickets scored by lease expiry. */
  parallel(owner: CounterOwner): string {
    return `${this.prefix}rl:par:${ownerPart(owner)}`;
  }

  /** Settled spend of one budget window; the window start in the name makes windows reset by themselves. */
  spend(kind: string, id: string, windowStartMs: number): string {
    return `${this.prefix}budget:spend:${ownerPart({ kind, id })}:${windowStartMs}`;
  }

  /** Hash of ticket -> reserved micro-dollars, plus their running total under RESERVED_TOTAL_FIELD. */
  reservations(kind: string, id: string): string {
    return `${this.prefix}budget:held:${ownerPart({ kind, id })}`;
  }

  /** Sorted set of tickets holding a reservation, scored by when the reservation lapses. */
  reservationExpiry(kind: string, id: string): string {
    return `${this.prefix}budget:held-until:${ownerPart({ kind, id })}`;
  }

  /** Exists once a ticket has been settled, so a second settle charges nothing. */
  settled(ticketId: string): string {
    return `${this.prefix}settled:${encodeURIComponent(ticketId)}`;
  }
}

/** The fixed minute containing `nowMs`, as used in TPM bucket names. */
export function minuteOf(nowMs: number): number {
  return Math.floor(nowMs / MINUTE_MS);
}

function ownerPart({ kind, id, model }: CounterOwner): string {
  const scope = `${encodeURIComponent(kind)}:${encodeURIComponent(id)}`;
  return model === undefined ? scope : `${scope}@${encodeURIComponent(model)}`;
}
