import { Inject, Injectable } from '@nestjs/common';
import { ArchiveStore } from '@gatehouse/archive';
import { ARCHIVE_SETTINGS, ArchiveSettings } from '../config/archive-settings';
import { ArchiveManifestRepository } from '../repositories/archive-manifest.repository';
import { SpendEventArchiveRepository } from '../repositories/spend-event-archive.repository';
import { encodePart, planParts } from './archive-parts';

/** What one run did: the objects it wrote, and whether a full batch suggests more is waiting. */
export interface ArchiveRun {
  keys: string[];
  rows: number;
  more: boolean;
}

const nothing = (): ArchiveRun => ({ keys: [], rows: 0, more: false });

/**
 * Copies the ledger to the archive exactly once: a batch of ids is claimed in the manifest, its
 * parts are written, and only then is the manifest advanced. A run that dies in between leaves the
 * claim, and the next run writes the same rows under the same keys again, byte for byte, so the
 * archive never holds a row twice nor misses one. The ledger stays the source: a failed run loses
 * nothing.
 */
@Injectable()
export class UsageArchiver {
  constructor(
    private readonly manifest: ArchiveManifestRepository,
    private readonly spendEvents: SpendEventArchiveRepository,
    private readonly store: ArchiveStore,
    @Inject(ARCHIVE_SETTINGS) private readonly settings: ArchiveSettings,
  ) {}

  /** Archives one batch (the claimed one if a run before did not finish); rejects when anything fails. */
  async runOnce(): Promise<ArchiveRun> {
    const { stream, batchRows } = this.settings;
    const position = await this.manifest.position(stream);
    const from = position.archivedThroughId;
    let through = position.pendingThroughId;
    if (through === undefined) {
      through = await this.spendEvents.settledBatchEnd(from, batchRows);
      if (through === undefined) return nothing();
      // Lost to another archiver that claimed first: it writes this batch.
      if (!(await this.manifest.claim(stream, from, through))) return nothing();
    }
    const rows = await this.spendEvents.rowsThrough(from, through);
    const parts = planParts(stream, rows);
    for (const part of parts) await this.store.put(part.key, await encodePart(part.rows));
    await this.manifest.advance(stream, through);
    return { keys: parts.map((part) => part.key), rows: rows.length, more: rows.length >= batchRows };
  }
}
