import { Finding } from './finding';
import { PatternScanner } from './pattern-scanner';
import { PREBUILT_PATTERNS } from './prebuilt-patterns';

/** What one prebuilt pattern finds in a text, as the matched substrings. */
function found(name: string, text: string): string[] {
  const pattern = PREBUILT_PATTERNS.get(name);
  if (!pattern) throw new Error(`no prebuilt pattern ${name}`);
  const findings: Finding[] = [];
  new PatternScanner({ name, label: pattern.label }, pattern.scans).scan(text, findings);
  return findings.map((finding) => text.slice(finding.start, finding.end));
}

type Case = [pattern: string, text: string, expected: string[]];

// Token-shaped values are assembled here, never written out whole, so secret scanners leave the repository alone.
const mixed = (length: number): string => 'a1B2c3D4e5'.repeat(Math.ceil(length / 10)).slice(0, length);
const awsKey = 'AKIA' + 'FAKE0TEST1KEY2XY';
const awsSecret = 'aB3+'.repeat(10);
const otherAwsSecret = 'Zy9/'.repeat(10);
const jwtWith = (header: object): string =>
  [header, { sub: '42' }].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + '.c2ln';
const jwt = jwtWith({ alg: 'HS256', typ: 'JWT' });
const pem = (kind: string, body = '\nMIIBfakeFAKEfake\n'): string =>
  `-----BEGIN ${kind}-----${body}-----END ${kind}-----`;
const openaiKey = 'sk-' + 'proj-' + mixed(40);
const anthropicKey = 'sk-' + 'ant-api03-' + mixed(40);

describe('prebuilt patterns', () => {
  it.each<Case>([
    ['email', 'write to jane.doe@example.com today', ['jane.doe@example.com']],
    ['email', 'cc a.b+c@sub.example.co.uk, <bob@example.org>', ['a.b+c@sub.example.co.uk', 'bob@example.org']],
    // A leading dot or a sentence's full stop is not part of the address.
    ['email', 'from .x@y.com and first@last.example.org.', ['x@y.com', 'first@last.example.org']],
    ['email', 'meet @home, the @decorator syntax', []],
    ['email', 'user@localhost has no domain, a@b.c a one-letter TLD', []],
    ['us_ssn', 'SSN 123-45-6789 on file', ['123-45-6789']],
    ['us_ssn', 'ssn 078 05 1120', ['078 05 1120']],
    ['us_ssn', 'never issued: 000-12-3456 666-12-3456 912-34-5678 123-00-4567 123-45-0000', []],
    ['us_ssn', 'mixed separators 123-45 6789, part 123-45-67890, 9123-45-6789', []],
  ])('%s in %j finds %j', (pattern, text, expected) => {
    expect(found(pattern, text)).toEqual(expected);
  });

  it.each<Case>([
    ['phone', 'call +44 20 7946 0958', ['+44 20 7946 0958']],
    ['phone', 'E.164 +14155552671', ['+14155552671']],
    ['phone', 'NANP (212) 555-1234 or 212.555.1234', ['(212) 555-1234', '212.555.1234']],
    ['phone', 'NANP +1 212 555 1234, 1-800-555-0199', ['+1 212 555 1234', '1-800-555-0199']],
    ['phone', 'versions 1.2.3 and 10.15.7, build 1.2.3.4.5', []],
    ['phone', 'short runs 12345 and 555-1234, date 2026-12-04', []],
    // NANP area and exchange codes never start with 0 or 1; E.164 country codes never with 0.
    ['phone', '(123) 555-1234, 212-155-1234, +0 123 456 789', []],
    ['ip_address', 'hosts 192.168.1.10 and 10.0.0.1', ['192.168.1.10', '10.0.0.1']],
    ['ip_address', 'v6 2001:db8::1 and fe80::1', ['2001:db8::1', 'fe80::1']],
    ['ip_address', 'full 2001:0db8:85a3:0000:0000:8a2e:0370:7334', ['2001:0db8:85a3:0000:0000:8a2e:0370:7334']],
    ['ip_address', 'loopback [::1]:8080', ['::1']],
    // The dotted quad also reads as IPv4; masking keeps the wider, earlier finding.
    ['ip_address', 'mapped ::ffff:192.0.2.1 too', ['192.0.2.1', '::ffff:192.0.2.1']],
    ['ip_address', 'octets out of range 999.1.1.1 and 256.0.0.1', []],
    ['ip_address', 'versions 1.2.3.4.5 and v1.2.3.4', []],
    ['ip_address', 'at 12:30:45 sharp, std::vector, Foo::Bar', []],
  ])('%s in %j finds %j', (pattern, text, expected) => {
    expect(found(pattern, text)).toEqual(expected);
  });

  it.each<Case>([
    ['credit_card', 'visa 4111 1111 1111 1111 exp 12/29', ['4111 1111 1111 1111']],
    ['credit_card', 'mastercard 5500-0000-0000-0004', ['5500-0000-0000-0004']],
    ['credit_card', 'amex 378282246310005, discover 6011111111111117', ['378282246310005', '6011111111111117']],
    ['credit_card', 'card 4111 1111 1111 1111 2029 (a year after it)', ['4111 1111 1111 1111']],
    ['credit_card', 'one digit off 4111 1111 1111 1112', []],
    ['credit_card', 'order 1234 5678 9012 3456, ref 1234567890123', []],
    ['credit_card', 'dates 2026-12-04 2023-12-31, too short 4111 1111 1', []],
    // Some stretch of a digit table passes Luhn; a card never starts inside one.
    ['credit_card', 'table 12 34 56 78 90 12 34 56 78 90', []],
    ['iban', 'pay DE89 3704 0044 0532 0130 00 now', ['DE89 3704 0044 0532 0130 00']],
    ['iban', 'pay GB82WEST12345698765432', ['GB82WEST12345698765432']],
    ['iban', 'pay GB82 WEST 1234 5698 7654 32.', ['GB82 WEST 1234 5698 7654 32']],
    ['iban', 'bad check digits DE88 3704 0044 0532 0130 00', []],
    ['iban', 'unknown country XX89 3704 0044 0532 0130 00', []],
    ['iban', 'too short DE89 3704 0044 0532 0130, too long DE89370400440532013000X', []],
    ['iban', 'lower case de89 3704 0044 0532 0130 00', []],
    // A rejected candidate runs on over the next IBAN; that one must still be found.
    ['iban', 'DE00 3704 0044 0532 0130 00 GB82 WEST 1234 5698 7654 32', ['GB82 WEST 1234 5698 7654 32']],
  ])('%s in %j finds %j', (pattern, text, expected) => {
    expect(found(pattern, text)).toEqual(expected);
  });

  it.each<Case>([
    ['aws_access_key', `id ${awsKey}`, [awsKey]],
    ['aws_access_key', `temporary ${'ASIA' + 'FAKE0TEST1KEY2XY'}`, ['ASIA' + 'FAKE0TEST1KEY2XY']],
    ['aws_access_key', `short ${awsKey.slice(0, -1)}, long ${awsKey}Z, inside X${awsKey}`, []],
    ['aws_secret_key', `aws_secret_access_key = ${awsSecret}`, [awsSecret]],
    ['aws_secret_key', `${awsSecret} is the client secret`, [awsSecret]],
    // Two profiles in a credentials file: the second mention must not find the first key again.
    [
      'aws_secret_key',
      `[default]\naws_secret_access_key = ${awsSecret}\n[prod]\naws_secret_access_key = ${otherAwsSecret}\n`,
      [awsSecret, otherAwsSecret],
    ],
    ['aws_secret_key', `${awsSecret} is my aws secret, ${otherAwsSecret} too`, [awsSecret, otherAwsSecret]],
    ['aws_secret_key', `no mention nearby: ${awsSecret}`, []],
    ['aws_secret_key', `aws mentioned too far away ${'.'.repeat(100)} ${awsSecret}`, []],
    ['aws_secret_key', 'secret digest da39a3ee5e6b4b0d3255bfef95601890afd80709', []],
    ['aws_secret_key', `secret blob ${awsSecret}Q and padded ${awsSecret}==`, []],
  ])('%s in %j finds %j', (pattern, text, expected) => {
    expect(found(pattern, text)).toEqual(expected);
  });

  it.each<Case>([
    ['github_token', `token ${'ghp_' + mixed(36)}`, ['ghp_' + mixed(36)]],
    ['github_token', `oauth ${'gho_' + mixed(40)}`, ['gho_' + mixed(40)]],
    [
      'github_token',
      `fine-grained ${'github_pat_' + mixed(22)}_${mixed(59)}`,
      [`github_pat_${mixed(22)}_${mixed(59)}`],
    ],
    ['github_token', `short ${'ghp_' + mixed(35)}, unknown ${'ghx_' + mixed(36)}, inside x${'ghp_' + mixed(36)}`, []],
    ['jwt', `Authorization: Bearer ${jwt}`, [jwt]],
    ['jwt', `unsigned ${jwtWith({ alg: 'none' })}`, [jwtWith({ alg: 'none' })]],
    ['jwt', `look-alikes ${jwtWith({ typ: 'JWT' })} eyJub3QganNvbg.payload.sig`, []],
    ['private_key', pem('RSA PRIVATE KEY'), [pem('RSA PRIVATE KEY')]],
    ['private_key', `key: ${pem('OPENSSH PRIVATE KEY')} end`, [pem('OPENSSH PRIVATE KEY')]],
    // Cut short, it is found to the end of the text rather than left half-visible.
    ['private_key', `cut short: -----BEGIN PRIVATE KEY-----\nMIIBfake`, ['-----BEGIN PRIVATE KEY-----\nMIIBfake']],
    ['private_key', `${pem('PUBLIC KEY')} ${pem('CERTIFICATE')}`, []],
  ])('%s in %j finds %j', (pattern, text, expected) => {
    expect(found(pattern, text)).toEqual(expected);
  });

  it.each<Case>([
    ['openai_api_key', `key ${openaiKey}`, [openaiKey]],
    ['openai_api_key', `legacy ${'sk-' + mixed(48)}`, ['sk-' + mixed(48)]],
    ['openai_api_key', `not random ${'sk-' + 'a'.repeat(40)}, hex ${'sk-' + 'abcdef0123456789'.repeat(3)}`, []],
    ['openai_api_key', `short ${'sk-' + mixed(20)}, inside task-${mixed(40)}`, []],
    ['openai_api_key', `anthropic's ${anthropicKey}`, []],
    ['anthropic_api_key', `key ${anthropicKey}`, [anthropicKey]],
    ['anthropic_api_key', `no version ${'sk-' + 'ant-' + mixed(40)}, short ${'sk-' + 'ant-api03-' + mixed(10)}`, []],
    ['google_api_key', `key ${'AIza' + mixed(35)}`, ['AIza' + mixed(35)]],
    ['google_api_key', `short ${'AIza' + mixed(34)}, long ${'AIza' + mixed(36)}`, []],
    ['slack_token', `bot ${'xoxb-' + '1234567890-abcdef'}`, ['xoxb-1234567890-abcdef']],
    ['slack_token', `user ${'xoxp-' + '12345-67890-abc'}`, ['xoxp-12345-67890-abc']],
    ['slack_token', `unknown ${'xoxz-' + '1234567890-abcdef'}, short ${'xoxb-' + '12345'}`, []],
    ['stripe_key', `secret ${'sk_' + 'live_' + mixed(24)}`, ['sk_live_' + mixed(24)]],
    ['stripe_key', `restricted ${'rk_' + 'test_' + mixed(30)}`, ['rk_test_' + mixed(30)]],
    ['stripe_key', `publishable ${'pk_' + 'live_' + mixed(24)}, short ${'sk_' + 'live_' + mixed(23)}`, []],
  ])('%s in %j finds %j', (pattern, text, expected) => {
    expect(found(pattern, text)).toEqual(expected);
  });
});
