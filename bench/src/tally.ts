export interface Failures {
  /** Responses with a status other than 2xx, by status. */
  statuses: Record<string, number>;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  /** 2xx responses whose body failed the scenario's check. */
  mismatches: number;
  /** Responses autocannon counted that never reached the check: none should, and any is a failure. */
  unchecked: number;
  /** The first non-2xx body and the first rejected 2xx body, to say what went wrong. */
  errorSample?: string;
  badBodySample?: string;
}

export function failureCount(failures: Failures): number {
  const statuses = Object.values(failures.statuses).reduce((sum, count) => sum + count, 0);
  return statuses + failures.errors + failures.mismatches + failures.unchecked;
}

/** Head and tail of a long body: what went wrong in a stream is usually at its end. */
function excerpt(body: string): string {
  return body.length <= 600 ? body : `${body.slice(0, 200)} … ${body.slice(-400)}`;
}

interface Timing {
  status: number;
  lastByteMs: number;
  firstByteMs: number;
}

/**
 * Classifies each response once. For every response autocannon reports its status and times, then,
 * synchronously, calls verifyBody with its body, so the two are paired here. A non-2xx is counted by
 * status (and passes verifyBody, so that autocannon's mismatches are bad 2xx bodies only).
 */
export class Tally {
  /** Times of the good responses only, ms from writing the request. */
  readonly lastByteMs: number[] = [];
  readonly firstByteMs: number[] = [];
  readonly statuses: Record<string, number> = {};
  badBodies = 0;
  errorSample: string | undefined;
  badBodySample: string | undefined;
  private last: Timing | undefined;

  constructor(private readonly accepts: (body: string) => boolean) {}

  /** Responses classified so far: good, refused by status, or with a bad body. */
  get checked(): number {
    const refused = Object.values(this.statuses).reduce((sum, count) => sum + count, 0);
    return this.lastByteMs.length + this.badBodies + refused;
  }

  response(timing: Timing): void {
    this.last = timing;
  }

  body(text: string): boolean {
    const last = this.last;
    this.last = undefined;
    if (!last) throw new Error('autocannon checked a body without reporting its response first');
    if (last.status < 200 || last.status >= 300) {
      this.statuses[last.status] = (this.statuses[last.status] ?? 0) + 1;
      this.errorSample ??= excerpt(text);
      return true;
    }
    if (this.accepts(text)) {
      this.lastByteMs.push(last.lastByteMs);
      this.firstByteMs.push(last.firstByteMs);
      return true;
    }
    this.badBodies += 1;
    this.badBodySample ??= excerpt(text);
    return false;
  }
}
