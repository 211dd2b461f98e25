import { Logger } from '@gatehouse/logging';

const DEFAULT_REPEAT_MS = 10 * 60_000;

/**
 * Logs a failing periodic job at a bounded rate: the first failure, then one line per `repeatMs`
 * while it keeps failing (with how many runs failed), and a line when it works again.
 */
export class FailureLog {
  private failures = 0;
  private lastLoggedMs = 0;

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
    private readonly repeatMs = DEFAULT_REPEAT_MS,
    private readonly now: () => number = Date.now,
  ) {}

  failed(error: unknown, details: Record<string, unknown> = {}): void {
    this.failures += 1;
    const now = this.now();
    if (this.failures === 1) {
      this.lastLoggedMs = now;
      this.logger.error({ err: error, ...details }, `${this.what} failed; retrying`);
    } else if (now - this.lastLoggedMs >= this.repeatMs) {
      this.lastLoggedMs = now;
      this.logger.error({ err: error, failures: this.failures, ...details }, `${this.what} still failing`);
    }
  }

  succeeded(): void {
    if (this.failures === 0) return;
    this.logger.info({ failures: this.failures }, `${this.what} working again`);
    this.failures = 0;
  }
}
