const NEWLINE = 0x0a;

export interface SplitLines {
  lines: string[];
  /** Bytes taken from the start of the buffer: up to and including the last newline of the last line. */
  consumed: number;
}

/**
 * The complete lines (without their newline) among the first `length` bytes, at most `maxLines`.
 * A line still missing its newline is left for the next read.
 */
export function splitLines(buffer: Buffer, length: number, maxLines: number): SplitLines {
  const lines: string[] = [];
  let start = 0;
  while (lines.length < maxLines && start < length) {
    const end = buffer.indexOf(NEWLINE, start);
    if (end < 0 || end >= length) break;
    lines.push(buffer.toString('utf8', start, end));
    start = end + 1;
  }
  return { lines, consumed: start };
}
