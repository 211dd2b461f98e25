import { archiveKey, idRangePart } from '@gatehouse/archive';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { SpendEventArchiveRowV1 } from '../repositories/spend-event-archive.repository';

const gzipAsync = promisify(gzip);

/** One object of the archive: the rows of one UTC hour from one batch, and where they go. */
export interface ArchivePart {
  key: string;
  rows: SpendEventArchiveRowV1[];
}

/**
 * Splits a batch (in id order) by the UTC hour the rows occurred in, each part named by the first
 * and last id it holds. Rows arrive late, so one hour can take parts from several batches, and the
 * id ranges of two hours' parts may interleave; no row is in two parts.
 */
export function planParts(stream: string, rows: readonly SpendEventArchiveRowV1[]): ArchivePart[] {
  const byHour = new Map<string, SpendEventArchiveRowV1[]>();
  for (const row of rows) {
    const hour = row.occurred_at.slice(0, 13); // YYYY-MM-DDTHH of a UTC timestamp
    const group = byHour.get(hour);
    if (group) group.push(row);
    else byHour.set(hour, [row]);
  }
  return [...byHour].map(([hour, group]) => ({
    key: archiveKey(stream, new Date(`${hour}:00:00Z`), idRangePart(group[0].id, group[group.length - 1].id)),
    rows: group,
  }));
}

/**
 * JSON Lines, gzipped. The same rows give the same bytes (gzip's header carries no time here), so a
 * part written again after a crash replaces its object with an identical one.
 */
export function encodePart(rows: readonly SpendEventArchiveRowV1[]): Promise<Buffer> {
  return gzipAsync(Buffer.from(rows.map((row) => `${JSON.stringify(row)}\n`).join('')));
}
