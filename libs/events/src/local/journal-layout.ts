import { Topic, deadLetterTopic } from '@gatehouse/contracts';
import { join } from 'node:path';

/**
 * Where the local journal keeps what:
 *
 *   <root>/format.json                           what wrote the directory (refused if incompatible)
 *   <root>/lock                                  the pid of the process using it
 *   <root>/topics/<topic>/<base offset>.jsonl    segments: one event per line, named by the topic-wide
 *                                                byte offset of their first line (20 digits)
 *   <root>/positions/<topic>/<group>.json        a consumer group's committed offset
 *   <root>/dead-letters/<topic>.dlq.jsonl        lines that did not parse or validate, with the problems
 */
export const JOURNAL_NAME = 'gatehouse-event-journal';
export const JOURNAL_FORMAT = 1;

const SEGMENT_SUFFIX = '.jsonl';
const SEGMENT_NAME = /^(\d{20})\.jsonl$/;
const POSITION_SUFFIX = '.json';

export class JournalLayout {
  constructor(readonly root: string) {}

  get formatFile(): string {
    return join(this.root, 'format.json');
  }

  get lockFile(): string {
    return join(this.root, 'lock');
  }

  topicDir(topic: Topic): string {
    return join(this.root, 'topics', topic);
  }

  segmentFile(topic: Topic, base: number): string {
    return join(this.topicDir(topic), segmentFileName(base));
  }

  positionDir(topic: Topic): string {
    return join(this.root, 'positions', topic);
  }

  positionFile(topic: Topic, groupId: string): string {
    return join(this.positionDir(topic), positionFileName(groupId));
  }

  deadLetterFile(topic: Topic): string {
    return join(this.root, 'dead-letters', `${deadLetterTopic(topic)}${SEGMENT_SUFFIX}`);
  }
}

export function segmentFileName(base: number): string {
  return `${String(base).padStart(20, '0')}${SEGMENT_SUFFIX}`;
}

/** The base offset a segment file is named for, or undefined for any other file. */
export function parseSegmentFileName(name: string): number | undefined {
  const match = SEGMENT_NAME.exec(name);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Group ids become file names; encoding keeps `/` and the like out of the path. */
export function positionFileName(groupId: string): string {
  return `${encodeURIComponent(groupId)}${POSITION_SUFFIX}`;
}

/** The group a position file belongs to, or undefined for any other file (a leftover temp file). */
export function parsePositionFileName(name: string): string | undefined {
  if (!name.endsWith(POSITION_SUFFIX)) return undefined;
  try {
    return decodeURIComponent(name.slice(0, -POSITION_SUFFIX.length));
  } catch {
    return undefined;
  }
}

export function formatMarker(): string {
  return `${JSON.stringify({ journal: JOURNAL_NAME, format: JOURNAL_FORMAT })}\n`;
}

/** Undefined when the marker is one this build reads, otherwise why not. */
export function formatMarkerProblem(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'it is not JSON';
  }
  if (typeof parsed !== 'object' || parsed === null) return 'it is not a JSON object';
  const { journal, format } = parsed as { journal?: unknown; format?: unknown };
  if (journal !== JOURNAL_NAME) return `it names ${JSON.stringify(journal)}, not ${JOURNAL_NAME}`;
  if (format !== JOURNAL_FORMAT)
    return `it is format ${JSON.stringify(format)}; this build reads format ${JOURNAL_FORMAT}`;
  return undefined;
}
