import { Topics } from '@gatehouse/contracts';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JournalLayout } from '../src/local/journal-layout';

/** usage.v1's segment files, oldest first. */
export async function usageSegments(directory: string): Promise<string[]> {
  const dir = new JournalLayout(directory).topicDir(Topics.UsageV1);
  return (await readdir(dir))
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .map((name) => join(dir, name));
}

export async function usageDeadLetters(directory: string): Promise<string[]> {
  const text = await readFile(new JournalLayout(directory).deadLetterFile(Topics.UsageV1), 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line.length > 0);
}
