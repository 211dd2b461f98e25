/**
 * How many characters of a card-number candidate are a card number (0: none). The candidate may run on
 * into a following group of digits (`4111 1111 1111 1111 2024`), so shorter prefixes ending a group are
 * tried too; the number must pass the Luhn check, as every issuer's numbers do.
 */
export function cardLength(candidate: string): number {
  const digitEnds: number[] = [];
  for (let i = 0; i < candidate.length; i++) if (candidate[i] !== ' ' && candidate[i] !== '-') digitEnds.push(i + 1);
  for (let digits = digitEnds.length; digits >= 13; digits--) {
    const end = digitEnds[digits - 1];
    const endsGroup = end === candidate.length || candidate[end] === ' ' || candidate[end] === '-';
    if (endsGroup && passesLuhn(candidate.slice(0, end))) return end;
  }
  return 0;
}

function passesLuhn(number: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = number.length - 1; i >= 0; i--) {
    const digit = number.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) continue;
    const value = double ? digit * 2 : digit;
    sum += value > 9 ? value - 9 : value;
    double = !double;
  }
  return sum % 10 === 0;
}

/** An IBAN's full length in each country that issues them (SWIFT's IBAN registry). */
const IBAN_LENGTHS: ReadonlyMap<string, number> = new Map(
  [
    'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28',
    'EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27',
    'JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18',
    'NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28',
    'TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30',
  ]
    .join(' ')
    .split(' ')
    .map((entry) => [entry.slice(0, 2), Number(entry.slice(2))]),
);

/**
 * How many characters of a candidate (`DE89 3704 0044 0532 0130 00 and…`) are an IBAN, or 0. The
 * candidate may run on into the next words, so it is cut at its country's length; what is left must
 * end there and pass the ISO 7064 mod-97 check.
 */
export function ibanLength(candidate: string, text: string, at: number): number {
  const expected = IBAN_LENGTHS.get(candidate.slice(0, 2));
  if (expected === undefined) return 0;
  let chars = '';
  let end = 0;
  while (end < candidate.length && chars.length < expected) {
    if (candidate[end] !== ' ') chars += candidate[end];
    end++;
  }
  if (chars.length < expected || /[A-Za-z0-9]/.test(text.charAt(at + end))) return 0;
  return mod97(chars.slice(4) + chars.slice(0, 4)) === 1 ? end : 0;
}

/** The remainder mod 97 of the number an IBAN spells with letters as 10–35, digit by digit to stay in range. */
function mod97(chars: string): number {
  let remainder = 0;
  for (const char of chars) {
    const value = char <= '9' ? char.charCodeAt(0) - 48 : char.charCodeAt(0) - 55;
    remainder = (remainder * (value > 9 ? 100 : 10) + value) % 97;
  }
  return remainder;
}

/** Area 000, 666 and 900–999, group 00 and serial 0000 are never issued (SSA), so they are not SSNs. */
export function isIssuableSsn(candidate: string): boolean {
  const area = candidate.slice(0, 3);
  const group = candidate.slice(4, 6);
  const serial = candidate.slice(7, 11);
  return area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';
}

/** A JWT's first segment is base64url JSON naming its signing algorithm; most `eyJ…` look-alikes are not. */
export function hasJwtHeader(candidate: string): boolean {
  const header = candidate.slice(0, candidate.indexOf('.'));
  try {
    const parsed: unknown = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && typeof (parsed as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

/** Cloud secrets are random base64: upper and lower case and digits together, which hex digests and words lack. */
export function looksRandom(candidate: string): boolean {
  return /[A-Z]/.test(candidate) && /[a-z]/.test(candidate) && /\d/.test(candidate);
}
