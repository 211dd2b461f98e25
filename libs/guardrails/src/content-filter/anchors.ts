import { isIPv6 } from 'node:net';
import { Span } from './pattern-scanner';
import { looksRandom } from './validators';

// Some patterns are found from a cheap anchor and widened by hand: a regex that may start at any
// word (an email's local part, an IPv6 group, a 40-character secret) costs several steps per
// character, where a scan for `@`, `:` or "aws" costs about one.

const isWordChar = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
const isHex = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
const isDigit = (code: number): boolean => code >= 48 && code <= 57;
/** `.`, `%`, `+` and `-` besides word characters, as RFC 5322's dot-atom allows in practice. */
const isLocalPartChar = (code: number): boolean =>
  isWordChar(code) || code === 46 || code === 37 || code === 43 || code === 45;
const isBase64Char = (code: number): boolean => (isWordChar(code) && code !== 95) || code === 43 || code === 47;

/** An email from the `@` of `@domain.tld` (`from`–`to`), its local part read back from the `@`. */
export function emailAround(from: number, to: number, text: string): Span | undefined {
  let start = from;
  while (start > 0 && isLocalPartChar(text.charCodeAt(start - 1))) start--;
  while (start < from && text[start] === '.') start++;
  return start < from ? [start, to] : undefined;
}

/** An IPv4 address around `1.2.3.4`'s inner digits (`from`–`to`), not part of a longer dotted run. */
export function ipv4Around(from: number, to: number, text: string): Span | undefined {
  let start = from;
  while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
  let end = to;
  while (end < text.length && isDigit(text.charCodeAt(end))) end++;
  const before = text.charCodeAt(start - 1);
  const dottedOn = text[end] === '.' && isDigit(text.charCodeAt(end + 1));
  if (isWordChar(before) || before === 46 || isWordChar(text.charCodeAt(end)) || dottedOn) return undefined;
  const octets = text.slice(start, end).split('.');
  return octets.every((octet) => octet.length <= 3 && Number(octet) <= 255) ? [start, end] : undefined;
}

/** An IPv6 address around one of its `:…:` runs (`from`–`to`), checked by Node's own parser. */
export function ipv6Around(from: number, to: number, text: string): Span | undefined {
  let start = from;
  while (start > 0 && (isHex(text.charCodeAt(start - 1)) || text[start - 1] === ':')) start--;
  let end = to;
  // A trailing dotted quad is an IPv4-mapped address (`::ffff:192.0.2.1`).
  while (end < text.length && (isHex(text.charCodeAt(end)) || text[end] === ':' || text[end] === '.')) end++;
  while (end > to && text[end - 1] === '.') end--;
  if (isWordChar(text.charCodeAt(start - 1)) || isWordChar(text.charCodeAt(end))) return undefined;
  return isIPv6(text.slice(start, end)) ? [start, end] : undefined;
}

const SECRET_REACH = 100;
const SECRET_RUN = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

/**
 * A random 40-character base64 run within reach of a mention of AWS or a secret (`from`–`to`), and
 * not before `after`, where the last one found ended: else a second key's mention finds the first key.
 */
export function awsSecretNear(from: number, to: number, text: string, after = 0): Span | undefined {
  const windowStart = Math.max(after, from - SECRET_REACH);
  const window = text.slice(windowStart, to + SECRET_REACH);
  for (const run of window.matchAll(SECRET_RUN)) {
    const start = windowStart + run.index;
    const end = start + run[0].length;
    // The window's edges may cut a longer run down to 40 characters.
    const whole = !isBase64Char(text.charCodeAt(start - 1)) && !isBase64Char(text.charCodeAt(end)) && text[end] !== '=';
    if (whole && looksRandom(run[0])) return [start, end];
  }
  return undefined;
}
