import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { formatMarker, formatMarkerProblem, JournalLayout } from './journal-layout';
import { isCode } from '@gatehouse/runtime';

/**
 * Marks a new directory with the journal format, or refuses one this build cannot read: a future
 * incompatible format, or a non-empty directory that is not a journal at all.
 */
export async function ensureJournalFormat(layout: JournalLayout): Promise<void> {
  const file = layout.formatFile;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error;
    await markNewJournal(layout);
    return;
  }
  const problem = formatMarkerProblem(text);
  if (problem !== undefined) {
    throw new Error(
      `event journal: ${file} cannot be read by this build (${problem}); ` +
        'run the build that wrote it, or move the directory aside to start an empty one',
    );
  }
}

/** The marker is written first, and atomically, so a directory with journal files always has one. */
async function markNewJournal(layout: JournalLayout): Promise<void> {
  await mkdir(layout.root, { recursive: true });
  const temporary = `${layout.formatFile}.tmp`;
  const present = (await readdir(layout.root)).filter((name) => name !== basename(temporary));
  if (present.length > 0) {
    throw new Error(
      `event journal: ${layout.root} is not empty and has no ${layout.formatFile}, so it is not an event journal; ` +
        'point the journal at an empty or new directory',
    );
  }
  await writeFile(temporary, formatMarker(), { flush: true });
  await rename(temporary, layout.formatFile);
}
