import { awsSecretNear, emailAround, ipv4Around, ipv6Around } from './anchors';
import { Confirm, Scan } from './pattern-scanner';
import { cardLength, hasJwtHeader, ibanLength, isIssuableSsn, looksRandom } from './validators';

/** A pattern the filter knows by `pattern_name`. */
export interface PrebuiltPattern {
  /** What a block says was found: `a US social security number`. */
  readonly label: string;
  readonly scans: readonly Scan[];
}

/** The whole match, if it passes. */
const whole =
  (accept: (candidate: string) => boolean): Confirm =>
  (match) =>
    accept(match[0]) ? [match.index, match.index + match[0].length] : undefined;

/** The match's first `length` characters, as far as the check says they reach. */
const leading =
  (length: (candidate: string, text: string, at: number) => number): Confirm =>
  (match, text) => {
    const reach = length(match[0], text, match.index);
    return reach > 0 ? [match.index, match.index + reach] : undefined;
  };

/** A span found around the match. */
const around =
  (widen: (from: number, to: number, text: string, after: number) => readonly [number, number] | undefined): Confirm =>
  (match, text, after) =>
    widen(match.index, match.index + match[0].length, text, after);

/**
 * The prebuilt patterns. Each regex finds cheap candidates on word boundaries; checksums and issuing
 * rules (Luhn, mod-97, SSN ranges, JWT headers) run only on those, so prose costs one quick pass each.
 */
export const PREBUILT_PATTERNS: ReadonlyMap<string, PrebuiltPattern> = new Map(
  Object.entries({
    email: {
      label: 'an email address',
      scans: [
        {
          regex: /@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])/g,
          mayContain: (text) => text.includes('@'),
          confirm: around(emailAround),
        },
      ],
    },
    us_ssn: {
      label: 'a US social security number',
      scans: [{ regex: /(?<![\w-])\d{3}([- ])\d{2}\1\d{4}(?![\w-])/g, confirm: whole(isIssuableSsn) }],
    },
    phone: {
      label: 'a phone number',
      // E.164 (`+44 20 7946 0958`: 8 to 15 digits after a plus) or NANP (`(212) 555-1234`, `+1 212.555.1234`).
      scans: [
        {
          regex:
            /(?<![\w+])(?:\+[1-9](?:[ .-]?\(?\d\)?){7,14}|(?:\+?1[ .-]?)?(?:\([2-9]\d{2}\)|[2-9]\d{2})[ .-]?[2-9]\d{2}[ .-]?\d{4})(?!\w)/g,
        },
      ],
    },
    credit_card: {
      label: 'a credit card number',
      // Never from inside a run of digit groups (a table's `12 34 56 …`), where some stretch passes Luhn.
      scans: [{ regex: /(?<![\d-]|\d[ -])[1-9](?:[ -]?\d){12,18}(?!\d)/g, confirm: leading(cardLength) }],
    },
    iban: {
      label: 'an IBAN',
      scans: [{ regex: /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}/g, confirm: leading(ibanLength) }],
    },
    ip_address: {
      label: 'an IP address',
      scans: [
        { regex: /\d\.\d{1,3}\.\d{1,3}\.\d/g, confirm: around(ipv4Around) },
        { regex: /:[0-9A-Fa-f]{0,4}:/g, confirm: around(ipv6Around) },
      ],
    },
    aws_access_key: {
      label: 'an AWS access key id',
      scans: [{ regex: /(?<![A-Za-z0-9])A(?:KIA|SIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g }],
    },
    aws_secret_key: {
      label: 'an AWS secret access key',
      // 40 characters of base64 are only told from other base64 by a mention of AWS or a secret nearby.
      scans: [{ regex: /aws|secret/gi, confirm: around(awsSecretNear) }],
    },
    github_token: {
      label: 'a GitHub token',
      scans: [{ regex: /(?<!\w)(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_\w{22,244})(?!\w)/g }],
    },
    jwt: {
      label: 'a JSON Web Token',
      scans: [{ regex: /(?<![\w-])eyJ[\w-]+\.[\w-]+\.[\w-]*/g, confirm: whole(hasJwtHeader) }],
    },
    private_key: {
      label: 'a private key',
      // A block cut short (no END line) is masked to the end of the text rather than left half-visible.
      scans: [
        {
          regex: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
          mayContain: (text) => text.includes('PRIVATE KEY-----'),
        },
      ],
    },
    openai_api_key: {
      label: 'an OpenAI API key',
      scans: [
        {
          regex: /(?<![\w-])sk-(?!ant-)(?:proj-|svcacct-|admin-)?[\w-]{32,}(?![\w-])/g,
          confirm: whole(looksRandom),
        },
      ],
    },
    anthropic_api_key: {
      label: 'an Anthropic API key',
      scans: [{ regex: /(?<![\w-])sk-ant-[a-z]+\d{2}-[\w-]{32,}(?![\w-])/g }],
    },
    google_api_key: {
      label: 'a Google API key',
      scans: [{ regex: /(?<![\w-])AIza[\w-]{35}(?![\w-])/g }],
    },
    slack_token: {
      label: 'a Slack token',
      scans: [{ regex: /(?<![\w-])xox[abposr]-[A-Za-z0-9-]{10,}(?![\w-])/g }],
    },
    stripe_key: {
      label: 'a Stripe secret key',
      scans: [{ regex: /(?<!\w)[rs]k_(?:live|test)_[A-Za-z0-9]{24,}(?!\w)/g }],
    },
  }),
);
