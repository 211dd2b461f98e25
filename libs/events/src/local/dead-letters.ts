import { Topic } from '@gatehouse/contracts';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { JournalLayout } from './journal-layout';

export interface DeadLetter {
  line: string;
  problems: string[];
}

/**
 * Keeps what no handler may see, with why, beside the journal: `<topic>.dlq.jsonl`, one JSON line per
 * event (`group`, `problems`, and the original `value`). Flushed before the group's position moves
 * past them, so they are not lost either.
 */
export async function appendDeadLetters(
  layout: JournalLayout,
  topic: Topic,
  groupId: string,
  letters: DeadLetter[],
): Promise<void> {
  const file = layout.deadLetterFile(topic);
  const at = new Date().toISOString();
  const text = letters
    .map(({ line, problems }) => `${JSON.stringify({ at, group: groupId, problems, value: line })}\n`)
    .join('');
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, text, { flush: true });
}
