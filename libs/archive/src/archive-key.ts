/** A key or prefix that either store would refuse, or that could leave a local archive's directory. */
export class InvalidArchiveKey extends Error {
  override readonly name = 'InvalidArchiveKey';

  constructor(key: string, reason: string) {
    super(`invalid archive key ${JSON.stringify(key)}: ${reason}`);
  }
}

const MAX_KEY_BYTES = 1024; // S3's limit
// Wide enough for any Postgres bigint, so part names sort in id order.
const ID_DIGITS = 19;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The object for one part of a stream's hour: `<stream>/dt=YYYY-MM-DD/hour=HH/<part>.jsonl.gz`,
 * the hour taken in UTC.
 */
export function archiveKey(stream: string, at: Date, part: string): string {
  if (part.includes('/')) throw new InvalidArchiveKey(part, 'a part name cannot contain "/"');
  const key = `${hourPrefix(stream, at)}${part}.jsonl.gz`;
  assertArchiveKey(key);
  return key;
}

/** The folder of one stream's hour, ending in `/`: what `list` takes to find that hour's parts. */
export function hourPrefix(stream: string, at: Date): string {
  if (Number.isNaN(at.getTime())) throw new RangeError('archive key: invalid date');
  const iso = at.toISOString();
  return `${stream}/dt=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}/`;
}

/** `<firstId>-<lastId>`, zero-padded so that a listing sorts parts by the ids they hold. */
export function idRangePart(firstId: string, lastId: string): string {
  for (const id of [firstId, lastId]) {
    if (!/^\d+$/.test(id) || id.length > ID_DIGITS) throw new RangeError(`archive part: invalid id ${id}`);
  }
  return `${firstId.padStart(ID_DIGITS, '0')}-${lastId.padStart(ID_DIGITS, '0')}`;
}

/**
 * A relative `/`-separated path of non-empty segments, none starting with a dot (which rules out
 * `.` and `..`, and leaves dot names free for a local store's temporary files), no backslash or
 * control character, at most 1024 bytes.
 */
export function assertArchiveKey(key: string): void {
  checkPath(key, key.split('/'));
}

/** Like a key, except that it may be empty or end in `/`, or stop part-way through a segment. */
export function assertArchivePrefix(prefix: string): void {
  if (prefix === '') return;
  const segments = prefix.split('/');
  checkPath(prefix, prefix.endsWith('/') ? segments.slice(0, -1) : segments);
}

function checkPath(key: string, segments: readonly string[]): void {
  if (key === '') throw new InvalidArchiveKey(key, 'empty');
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new InvalidArchiveKey(key, `longer than ${MAX_KEY_BYTES} bytes`);
  if (key.startsWith('/')) throw new InvalidArchiveKey(key, 'must be relative');
  if (key.includes('\\') || CONTROL.test(key)) throw new InvalidArchiveKey(key, 'backslash or control character');
  for (const segment of segments) {
    if (segment === '') throw new InvalidArchiveKey(key, 'empty path segment');
    if (segment.startsWith('.')) throw new InvalidArchiveKey(key, 'a path segment starts with "."');
  }
}
