import { Topic } from '@gatehouse/contracts';
import type { Logger } from '@gatehouse/logging';
import { open } from 'node:fs/promises';
import { corruptPosition } from './position-store';
import { Segment } from './segment-recovery';

const NEWLINE = 0x0a;

export interface StartCheck {
  topic: Topic;
  groupId: string;
  file: string;
  offset: number;
  segments: readonly Segment[];
  logger: Logger;
}

/**
 * A committed position as it can be read: never past the end (an OS crash can lose the journal's
 * unsynced tail while the position file survived), never before the oldest segment, and always at
 * the start of a line; a position inside a line means the file is corrupt, and stops the start-up.
 */
export async function checkedStart(check: StartCheck): Promise<number> {
  const { offset, segments, logger } = check;
  const fields = { topic: check.topic, group: check.groupId, offset };
  const last = segments.at(-1)!;
  const end = last.base + last.size;
  if (offset > end) {
    logger.warn({ ...fields, end }, 'event journal: a position is past the end of the journal; resuming at the end');
    return end;
  }
  const oldest = segments[0].base;
  if (offset < oldest) {
    logger.warn({ ...fields, oldest }, 'event journal: a position is older than every segment; resuming at the oldest');
    return oldest;
  }
  const holder = segments.findLast((segment) => segment.base <= offset)!;
  const within = offset - holder.base;
  if (within === 0 || within >= holder.size) return offset;
  if ((await byteAt(holder.file, within - 1)) !== NEWLINE) {
    throw corruptPosition(check.file, check.topic, check.groupId, `offset ${offset} is inside a line`);
  }
  return offset;
}

async function byteAt(file: string, position: number): Promise<number | undefined> {
  const handle = await open(file, 'r');
  try {
    const byte = Buffer.alloc(1);
    const { bytesRead } = await handle.read(byte, 0, 1, position);
    return bytesRead === 1 ? byte[0] : undefined;
  } finally {
    await handle.close();
  }
}
