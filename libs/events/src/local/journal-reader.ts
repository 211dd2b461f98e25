import { FileHandle, open } from 'node:fs/promises';
import { splitLines } from './line-split';
import { Segment } from './segment-recovery';
import { TopicJournal } from './topic-journal';

export interface ReadBatch {
  lines: string[];
  /** The offset just past the batch's last line: what to commit once the batch is applied. */
  next: number;
}

/**
 * A group's cursor over the journal. It reads only whole lines below the writer's end, into one
 * reused buffer, so memory stays at one batch whatever the backlog; a single line larger than a
 * batch grows the buffer for that read only.
 */
export class JournalReader {
  private handle: { segment: Segment; file: FileHandle } | undefined;
  private buffer: Buffer;

  constructor(
    private readonly journal: TopicJournal,
    private offset: number,
    private readonly maxBytes: number,
  ) {
    this.buffer = Buffer.allocUnsafe(maxBytes);
  }

  get caughtUp(): boolean {
    return this.offset >= this.journal.end;
  }

  /** Bytes written to the journal that this cursor has not read yet. */
  get backlog(): number {
    return this.journal.end - this.offset;
  }

  /** Up to `maxLines` whole lines (and `maxBytes`, unless one line is larger) from the cursor on. */
  async read(maxLines: number): Promise<ReadBatch> {
    const segment = this.journal.segmentFor(this.offset);
    if (!segment) return { lines: [], next: this.offset };
    const start = Math.max(this.offset, segment.base);
    const available = segment.base + segment.size - start;
    const file = await this.fileOf(segment);
    for (let want = Math.min(available, this.maxBytes); ; want = Math.min(available, want * 2)) {
      if (this.buffer.length < want) this.buffer = Buffer.allocUnsafe(want);
      const { bytesRead } = await file.read(this.buffer, 0, want, start - segment.base);
      const { lines, consumed } = splitLines(this.buffer, bytesRead, maxLines);
      if (consumed === 0 && want === available) {
        throw new Error(`event journal: ${segment.file} has no whole line at ${start - segment.base}`);
      }
      if (consumed > 0) {
        if (this.buffer.length > this.maxBytes) this.buffer = Buffer.allocUnsafe(this.maxBytes);
        this.offset = start + consumed;
        return { lines, next: this.offset };
      }
    }
  }

  async close(): Promise<void> {
    await this.handle?.file.close();
    this.handle = undefined;
  }

  private async fileOf(segment: Segment): Promise<FileHandle> {
    if (this.handle?.segment === segment) return this.handle.file;
    await this.close();
    const file = await open(segment.file, 'r');
    this.handle = { segment, file };
    return file;
  }
}
