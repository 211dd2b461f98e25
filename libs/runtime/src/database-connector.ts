import type { Logger } from 'pino';
import { DataSource } from 'typeorm';

const RETRY_MS = 2_000;

/**
 * Connects a DataSource (and runs its migrations) in the background, retrying until Postgres
 * answers, so that a service started while the database is away serves what it can without it
 * and answers the rest with a clear 503, instead of exiting into a restart loop. Queries made
 * before the connection exists fail, which callers already treat as the database being down.
 */
export class DatabaseConnector {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private markConnected!: () => void;
  /** Resolves once the database is connected and migrated, for work that needs it from the start. */
  readonly connected = new Promise<void>((resolve) => (this.markConnected = resolve));

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
  ) {}

  /** The first attempt is awaited, so a reachable database is ready before the service answers. */
  onApplicationBootstrap(): Promise<void> {
    return this.attempt(true);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  private async attempt(first: boolean): Promise<void> {
    try {
      await this.dataSource.initialize();
      this.markConnected();
      if (!first) this.logger.info('database reachable; migrations applied');
    } catch (error) {
      if (this.stopped) return;
      if (first) this.logger.error({ err: error }, `database unreachable; retrying every ${RETRY_MS / 1000} s`);
      this.timer = setTimeout(() => void this.attempt(false), RETRY_MS);
    }
  }
}
