import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LEDGER_DATA_SOURCE } from '../config/data-source-options';

/** Where a stream's archive stands: rows up to `archivedThroughId` are archived; a batch may be in hand. */
export interface ArchivePosition {
  archivedThroughId: string;
  pendingThroughId: string | undefined;
}

const CREATE = `INSERT INTO archive_manifest (stream, archived_through_id) VALUES ($1, 0)
  ON CONFLICT (stream) DO NOTHING`;
const READ = `SELECT archived_through_id::text AS archived, pending_through_id::text AS pending
  FROM archive_manifest WHERE stream = $1`;
// UPDATE reports its row count differently per driver; counting RETURNING rows in a SELECT does not.
const CLAIM = `WITH claimed AS (
    UPDATE archive_manifest SET pending_through_id = $3, updated_at = now()
    WHERE stream = $1 AND archived_through_id = $2 AND pending_through_id IS NULL RETURNING 1
  ) SELECT count(*)::int AS changed FROM claimed`;
const ADVANCE = `WITH advanced AS (
    UPDATE archive_manifest
    SET archived_through_id = pending_through_id, pending_through_id = NULL, updated_at = now()
    WHERE stream = $1 AND pending_through_id = $2 RETURNING 1
  ) SELECT count(*)::int AS changed FROM advanced`;

/** The `archive_manifest` rows. Every change is conditional, so two archivers racing cannot both win one. */
@Injectable()
export class ArchiveManifestRepository {
  constructor(@InjectDataSource(LEDGER_DATA_SOURCE) private readonly db: DataSource) {}

  /** The stream's position; a stream seen for the first time starts before the first row. */
  async position(stream: string): Promise<ArchivePosition> {
    await this.db.query(CREATE, [stream]);
    const [row] = await this.db.query<{ archived: string; pending: string | null }[]>(READ, [stream]);
    if (!row) throw new Error(`archive manifest: no row for stream ${stream}`);
    return { archivedThroughId: row.archived, pendingThroughId: row.pending ?? undefined };
  }

  /** Records the batch (archivedThroughId, throughId] as being written; false if the position moved. */
  async claim(stream: string, archivedThroughId: string, throughId: string): Promise<boolean> {
    return this.changed(CLAIM, [stream, archivedThroughId, throughId]);
  }

  /** Marks the claimed batch archived in one statement; false if another archiver already did. */
  async advance(stream: string, throughId: string): Promise<boolean> {
    return this.changed(ADVANCE, [stream, throughId]);
  }

  private async changed(statement: string, parameters: string[]): Promise<boolean> {
    const [row] = await this.db.query<{ changed: number }[]>(statement, parameters);
    return row?.changed === 1;
  }
}
