import type { Logger } from '@gatehouse/logging';

const DEFAULT_INTERVAL_MS = 10_000;

/**
 * A failure that repeats (a handler retried, a disk that refuses writes) is logged at most once per
 * interval, with how many times it happened meanwhile, so an outage does not flood the log.
 */
export class BoundedLog {
  private lastLoggedAt = -Infinity;
  private failures = 0;
  private unlogged = 0;

  constructor(
    private readonly logger: Pick<Logger, 'error' | 'info'>,
    private readonly fields: Record<string, unknown>,
    private readonly intervalMs = DEFAULT_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  failed(error: unknown, message: string): void {
    this.failures++;
    const now = this.now();
    if (now - this.lastLoggedAt < this.intervalMs) {
      this.unlogged++;
      return;
    }
    this.logger.error({ ...this.fields, err: error, failures: this.failures, unlogged: this.unlogged }, message);
    this.lastLoggedAt = now;
    this.unlogged = 0;
  }

  /** Says once that a failing operation succeeds again; silent when nothing had failed. */
  recovered(message: string): void {
    if (this.failures === 0) return;
    this.logger.info({ ...this.fields, failures: this.failures }, message);
    this.failures = 0;
    this.unlogged = 0;
    this.lastLoggedAt = -Infinity;
  }
}
