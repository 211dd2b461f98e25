import { Topic } from '@gatehouse/contracts';
import type { Logger } from '@gatehouse/logging';
import { FileHandle, mkdir, open, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JournalLayout, parseSegmentFileName } from './journal-layout';

const NEWLINE = 0x0a;
const TAIL_CHUNK = 64 * 1024;

/** A file of whole lines; the topic-wide offset of a line is `base` plus its position in the file. */
export interface Segment {
  readonly base: number;
  readonly file: string;
  /** Bytes of whole lines; only the active (last) segment grows. */
  size: number;
}

/**
 * The topic's segments in order, each cut back to its last complete line: a process killed while
 * writing can leave a torn line, which was never acknowledged to a publisher and is dropped. Creates
 * the first segment of a new topic.
 */
export async function recoverSegments(layout: JournalLayout, topic: Topic, logger: Logger): Promise<Segment[]> {
  const dir = layout.topicDir(topic);
  await mkdir(dir, { recursive: true });
  const segments: Segment[] = [];
  for (const name of await readdir(dir)) {
    const base = parseSegmentFileName(name);
    if (base !== undefined) segments.push({ base, file: join(dir, name), size: 0 });
  }
  segments.sort((a, b) => a.base - b.base);
  for (const segment of segments) segment.size = await cutTornTail(segment.file, logger);
  refuseOverlaps(segments);
  if (segments.length === 0) {
    const file = layout.segmentFile(topic, 0);
    await writeFile(file, '', { flag: 'a' });
    segments.push({ base: 0, file, size: 0 });
  }
  return segments;
}

/** Gaps are tolerated (an OS crash can lose a rolled segment's unsynced tail); overlaps are not. */
function refuseOverlaps(segments: Segment[]): void {
  for (let i = 0; i + 1 < segments.length; i++) {
    const [segment, next] = [segments[i], segments[i + 1]];
    if (segment.base + segment.size > next.base) {
      throw new Error(
        `event journal: ${segment.file} runs past the start of ${next.file}, so the journal is corrupt; ` +
          'move the directory aside to start an empty one',
      );
    }
  }
}

async function cutTornTail(file: string, logger: Logger): Promise<number> {
  const handle = await open(file, 'r+');
  try {
    const { size } = await handle.stat();
    const kept = await endOfLastLine(handle, size);
    if (kept < size) {
      await handle.truncate(kept);
      logger.warn({ file, bytes: size - kept }, 'event journal: cut a torn last line left by a crash');
    }
    return kept;
  } finally {
    await handle.close();
  }
}

/** Reads backwards in chunks, so a long last line costs more reads, never more memory. */
async function endOfLastLine(handle: FileHandle, size: number): Promise<number> {
  const chunk = Buffer.allocUnsafe(Math.min(TAIL_CHUNK, size));
  for (let end = size; end > 0;) {
    const start = Math.max(0, end - chunk.length);
    const { bytesRead } = await handle.read(chunk, 0, end - start, start);
    const newline = chunk.subarray(0, bytesRead).lastIndexOf(NEWLINE);
    if (newline >= 0) return start + newline + 1;
    end = start;
  }
  return 0;
}
