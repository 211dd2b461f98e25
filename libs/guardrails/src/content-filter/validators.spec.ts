import { cardLength, hasJwtHeader, ibanLength, isIssuableSsn, looksRandom } from './validators';

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('cardLength', () => {
  it.each([
    ['4111111111111111', 16],
    ['4111 1111 1111 1111', 19],
    ['5500-0000-0000-0004', 19],
    ['378282246310005', 15],
    // The candidate ran on into the next group (an expiry year): the card is the prefix before it.
    ['4111 1111 1111 1111 20', 19],
    ['4111111111111111 2', 16],
    ['4111 1111 1111 1112', 0],
    ['1234567890123', 0],
    ['4111 1111 1111 111', 0],
    // Twelve digits are too few even where they pass Luhn.
    ['411111111117', 0],
  ])('%j is a card for %i characters', (candidate, length) => {
    expect(cardLength(candidate)).toBe(length);
  });
});

describe('ibanLength', () => {
  it.each([
    ['DE89 3704 0044 0532 0130 00', 'DE89 3704 0044 0532 0130 00', 27],
    ['DE89370400440532013000', 'DE89370400440532013000', 22],
    ['GB82 WEST 1234 5698 7654 32', 'GB82 WEST 1234 5698 7654 32', 27],
    // Cut at the country's length: the words after are not part of it.
    ['DE89 3704 0044 0532 0130 00 AND', 'pay DE89 3704 0044 0532 0130 00 AND', 27],
    ['DE88 3704 0044 0532 0130 00', 'DE88 3704 0044 0532 0130 00', 0],
    ['XX89 3704 0044 0532 0130 00', 'XX89 3704 0044 0532 0130 00', 0],
    ['DE89 3704 0044 0532 0130', 'DE89 3704 0044 0532 0130', 0],
    // One character too many for Germany: the IBAN would end inside a word.
    ['DE89370400440532013000', 'DE89370400440532013000x', 0],
  ])('%j in %j is an IBAN for %i characters', (candidate, text, length) => {
    expect(ibanLength(candidate, text, text.indexOf(candidate))).toBe(length);
  });
});

describe('isIssuableSsn', () => {
  it.each([
    ['123-45-6789', true],
    ['665-12-3456', true],
    ['899-12-3456', true],
    ['000-12-3456', false],
    ['666-12-3456', false],
    ['900-12-3456', false],
    ['999-12-3456', false],
    ['123-00-4567', false],
    ['123-45-0000', false],
  ])('%j issuable: %s', (candidate, issuable) => {
    expect(isIssuableSsn(candidate)).toBe(issuable);
  });
});

describe('hasJwtHeader', () => {
  it.each([
    [`${base64url({ alg: 'HS256', typ: 'JWT' })}.e30.sig`, true],
    [`${base64url({ alg: 'none' })}.e30.`, true],
    [`${base64url({ typ: 'JWT' })}.e30.sig`, false],
    [`${base64url({ alg: 256 })}.e30.sig`, false],
    [`${base64url(['alg'])}.e30.sig`, false],
    ['eyJub3QganNvbg.e30.sig', false],
    ['eyJhbGciOi.e30.sig', false],
  ])('%j has a JWT header: %s', (candidate, expected) => {
    expect(hasJwtHeader(candidate)).toBe(expected);
  });
});

describe('looksRandom', () => {
  it.each([
    ['aB3dEf9', true],
    ['wJalr/K7MDENG+bPxRfi', true],
    ['da39a3ee5e6b4b0d3255bfef95601890afd80709', false],
    ['DA39A3EE5E6B4B0D3255BFEF95601890AFD80709', false],
    ['abcdefABCDEF', false],
    ['a'.repeat(40), false],
  ])('%j looks random: %s', (candidate, expected) => {
    expect(looksRandom(candidate)).toBe(expected);
  });
});
