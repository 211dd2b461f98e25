import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ArchiveStore } from '@gatehouse/archive';
import { Logger } from '@gatehouse/logging';
import { DatabaseConnector } from '@gatehouse/runtime';
import { ARCHIVE_SETTINGS, ArchiveSettings } from '../config/archive-settings';
import { LEDGER_LOGGER } from '../config/tokens';
import { FailureLog } from './failure-log';
import { UsageArchiver } from './usage-archiver.service';

/**
 * Runs the archiver once the database is up, then every interval, back to back while batches come
 * back full. A failed run is retried at the next interval. Stopping waits for a run in flight, so
 * shutdown never cuts one off between its objects and its manifest update.
 */
@Injectable()
export class ArchiveScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = false;
  private readonly failures: FailureLog;

  constructor(
    private readonly archiver: UsageArchiver,
    private readonly connector: DatabaseConnector,
    private readonly store: ArchiveStore,
    @Inject(ARCHIVE_SETTINGS) private readonly settings: ArchiveSettings,
    @Inject(LEDGER_LOGGER) private readonly logger: Logger,
  ) {
    this.failures = new FailureLog(logger, 'usage archive');
  }

  onApplicationBootstrap(): void {
    this.logger.info(
      { archive: this.store.describe(), everySeconds: this.settings.intervalSeconds },
      'archiving usage',
    );
    void this.connector.connected.then(() => this.tick());
  }

  /** Before the database closes (that is `onApplicationShutdown`), so a run in flight can finish. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  private tick(): void {
    if (this.stopped) return;
    this.inFlight = this.drain().finally(() => {
      this.inFlight = undefined;
      if (this.stopped) return;
      this.timer = setTimeout(() => this.tick(), this.settings.intervalSeconds * 1000);
      this.timer.unref();
    });
  }

  private async drain(): Promise<void> {
    try {
      let more = true;
      while (more && !this.stopped) {
        const run = await this.archiver.runOnce();
        if (run.keys.length > 0) this.logger.debug({ rows: run.rows, parts: run.keys.length }, 'usage archived');
        more = run.more;
      }
      this.failures.succeeded();
    } catch (error) {
      this.failures.failed(error, { archive: this.store.describe() });
    }
  }
}
