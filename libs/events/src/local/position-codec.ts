import { JOURNAL_FORMAT } from './journal-layout';

export type DecodedPosition = { ok: true; offset: number } | { ok: false; problem: string };

/** A committed position: the topic-wide byte offset of the first line the group has not applied. */
export function encodePosition(offset: number): string {
  return `${JSON.stringify({ format: JOURNAL_FORMAT, offset })}\n`;
}

export function decodePosition(text: string): DecodedPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, problem: text.length === 0 ? 'it is empty' : 'it is not JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null) return { ok: false, problem: 'it is not a JSON object' };
  const { format, offset } = parsed as { format?: unknown; offset?: unknown };
  if (format !== JOURNAL_FORMAT) {
    return { ok: false, problem: `it is format ${JSON.stringify(format)}; this build reads format ${JOURNAL_FORMAT}` };
  }
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) {
    return { ok: false, problem: `its offset ${JSON.stringify(offset)} is not a non-negative integer` };
  }
  return { ok: true, offset };
}
