export const ARCHIVE_SETTINGS = Symbol('ARCHIVE_SETTINGS');

export const DEFAULT_ARCHIVE_INTERVAL_SECONDS = 60;
/** Rows per batch, so a part never holds more (a batch is split by hour into parts). */
export const DEFAULT_ARCHIVE_BATCH_ROWS = 10_000;
/** The ledger's rows in the archive: `usage/dt=…/hour=…/<first id>-<last id>.jsonl.gz`. */
export const USAGE_ARCHIVE_STREAM = 'usage';

export interface ArchiveSettings {
  stream: string;
  intervalSeconds: number;
  batchRows: number;
}

export function archiveSettings(options: { intervalSeconds?: number; batchRows?: number }): ArchiveSettings {
  const settings = {
    stream: USAGE_ARCHIVE_STREAM,
    intervalSeconds: options.intervalSeconds ?? DEFAULT_ARCHIVE_INTERVAL_SECONDS,
    batchRows: options.batchRows ?? DEFAULT_ARCHIVE_BATCH_ROWS,
  };
  if (!(settings.intervalSeconds > 0)) throw new RangeError('archive interval must be a positive number of seconds');
  if (!Number.isInteger(settings.batchRows) || settings.batchRows < 1) {
    throw new RangeError('archive batch rows must be a positive whole number');
  }
  return settings;
}
