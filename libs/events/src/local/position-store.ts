import { Topic } from '@gatehouse/contracts';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JournalLayout, parsePositionFileName } from './journal-layout';
import { decodePosition, encodePosition } from './position-codec';

/** Reads every group's committed position for a topic; a corrupt file stops the start-up, naming it. */
export async function loadPositions(layout: JournalLayout, topic: Topic): Promise<Map<string, number>> {
  const dir = layout.positionDir(topic);
  await mkdir(dir, { recursive: true });
  const positions = new Map<string, number>();
  for (const name of await readdir(dir)) {
    const groupId = parsePositionFileName(name);
    if (groupId === undefined) continue;
    const file = join(dir, name);
    const decoded = decodePosition(await readFile(file, 'utf8'));
    if (!decoded.ok) throw corruptPosition(file, topic, groupId, decoded.problem);
    positions.set(groupId, decoded.offset);
  }
  return positions;
}

/**
 * Written to a temporary file, flushed to disk, then renamed over the old one: a crash leaves either
 * the old position or the new, never a torn file (and never a position that was not applied).
 */
export async function savePosition(
  layout: JournalLayout,
  topic: Topic,
  groupId: string,
  offset: number,
): Promise<void> {
  const file = layout.positionFile(topic, groupId);
  const temporary = `${file}.tmp`;
  await writeFile(temporary, encodePosition(offset), { flush: true });
  await rename(temporary, file);
}

/** Never reset silently: replaying from zero would apply the group's spend or ledger twice. */
export function corruptPosition(file: string, topic: Topic, groupId: string, problem: string): Error {
  return new Error(
    `event journal: the position file ${file} is corrupt (${problem}). Restore it from a backup, or delete it ` +
      `so group "${groupId}" re-reads ${topic} from its oldest retained event (its handler sees those again)`,
  );
}
