import { GuardrailEngine, GuardrailSource, GuardrailStage, GuardrailVerdict } from '../guardrail-engine';
import { maskTag } from '../mask-tag';
import { buildContentFilter } from './content-filter.factory';
import { contentFilterFactory } from './index';

const noFiles = (path: string): string => {
  throw new Error(`unexpected read of ${path}`);
};

function engineOf(params: Record<string, unknown>): GuardrailEngine {
  const built = buildContentFilter('filter', params, 'guardrails[0].litellm_params', noFiles);
  if (!('engine' in built)) throw new Error(JSON.stringify(built.issues));
  return built.engine;
}

function check(
  params: Record<string, unknown>,
  texts: string[],
  {
    requestId = 'req-1',
    source = 'input',
    stage = 'pre_call',
  }: Partial<{
    requestId: string;
    source: GuardrailSource;
    stage: GuardrailStage;
  }> = {},
): Promise<GuardrailVerdict> {
  return engineOf(params).check({ stage, source, texts, requestId, signal: new AbortController().signal });
}

const prebuilt = (pattern_name: string, action: string) => ({ pattern_type: 'prebuilt', pattern_name, action });
const only = (pattern_name: string, action: string) => ({ patterns: [prebuilt(pattern_name, action)] });
const textsOf = (verdict: GuardrailVerdict): string[] | undefined =>
  verdict.action === 'mask' ? verdict.texts : undefined;

describe('litellm_content_filter engine', () => {
  it.each([
    ['BLOCK', { action: 'block', type: 'email', detail: 'contains an email address (email)' }],
    ['block', { action: 'block', type: 'email', detail: 'contains an email address (email)' }],
    [
      'MASK',
      {
        action: 'mask',
        type: 'email',
        detail: 'masked 1 email',
        texts: [`write ${maskTag('req-1', 'email', 'ops@example.com')}`],
      },
    ],
  ])('action %s answers %j', async (action, verdict) => {
    await expect(check(only('email', action), ['write ops@example.com'])).resolves.toEqual(verdict);
  });

  it.each([
    ['MASK', ['nothing to see here']],
    ['BLOCK', ['nothing to see here']],
    ['MASK', []],
  ])('passes with %s when nothing is found in %j', async (action, texts) => {
    await expect(check(only('email', action), texts)).resolves.toEqual({ action: 'pass' });
  });

  it('masks one value with one tag in every text of a request, and two values with two tags', async () => {
    const verdict = await check(only('email', 'MASK'), ['to ops@example.com', 'cc ops@example.com, bob@example.org']);
    const ops = maskTag('req-1', 'email', 'ops@example.com');
    const bob = maskTag('req-1', 'email', 'bob@example.org');
    expect(ops).toMatch(/^\[EMAIL_[0-9a-f]{4}\]$/);
    expect(ops).not.toBe(bob);
    expect(verdict).toEqual({
      action: 'mask',
      type: 'email',
      detail: 'masked 3 email',
      texts: [`to ${ops}`, `cc ${ops}, ${bob}`],
    });
  });

  it('masks the same value differently in another request, so tags link nothing across requests', async () => {
    const [first, again, other] = await Promise.all(
      ['req-1', 'req-1', 'req-2'].map((requestId) => check(only('email', 'MASK'), ['ops@example.com'], { requestId })),
    );
    expect(textsOf(first)).toEqual([maskTag('req-1', 'email', 'ops@example.com')]);
    expect(textsOf(again)).toEqual(textsOf(first));
    expect(textsOf(other)).toEqual([maskTag('req-2', 'email', 'ops@example.com')]);
    expect(textsOf(other)).not.toEqual(textsOf(first));
  });

  it('counts each kind it masked, in the detail and the type', async () => {
    const params = { patterns: [prebuilt('email', 'MASK'), prebuilt('phone', 'MASK')] };
    const verdict = await check(params, ['a@example.com or (212) 555-1234', 'b@example.com']);
    expect(verdict).toMatchObject({ action: 'mask', type: 'email,phone', detail: 'masked 2 email, 1 phone' });
  });

  it('blocks when any text has a block finding, whatever else would be masked', async () => {
    const params = { patterns: [prebuilt('email', 'MASK'), prebuilt('us_ssn', 'BLOCK'), prebuilt('iban', 'BLOCK')] };
    await expect(check(params, ['mail a@example.com', 'ssn 123-45-6789'])).resolves.toEqual({
      action: 'block',
      type: 'us_ssn',
      detail: 'contains a US social security number (us_ssn)',
    });
    await expect(check(params, ['DE89 3704 0044 0532 0130 00 and 123-45-6789'])).resolves.toEqual({
      action: 'block',
      type: 'us_ssn,iban',
      detail: 'contains a US social security number (us_ssn), an IBAN (iban)',
    });
  });

  it.each([
    // [what overlaps, params, text, masked text's kinds]
    // 212-555-1234 is a phone number, and with -5674 a Luhn-valid card: the card is the longer.
    ['a phone inside a card number', ['credit_card', 'phone'], 'card 212-555-1234-5674', ['CREDIT_CARD']],
    ['the phone pattern alone, to show they overlap', ['phone'], 'card 212-555-1234-5674', ['PHONE']],
    [
      'a phone inside a card number, phone listed first',
      ['phone', 'credit_card'],
      'card 212-555-1234-5674',
      ['CREDIT_CARD'],
    ],
    ['IPv4 inside a mapped IPv6 address', ['ip_address'], 'host ::ffff:192.0.2.1', ['IP_ADDRESS']],
    ['an SSN beside an email', ['email', 'us_ssn'], 'a@example.com 123-45-6789', ['EMAIL', 'US_SSN']],
  ])('masks overlapping findings once, the earlier and longer winning: %s', async (_, names, text, kinds) => {
    const verdict = await check({ patterns: names.map((name) => prebuilt(name, 'MASK')) }, [text]);
    const tags = [...(textsOf(verdict)?.[0] ?? '').matchAll(/\[([A-Z_]+)_[0-9a-f]{4}\]/g)].map((tag) => tag[1]);
    expect(tags).toEqual(kinds);
    expect(verdict).toMatchObject({ detail: `masked ${kinds.map((kind) => `1 ${kind.toLowerCase()}`).join(', ')}` });
  });

  it('masks a blocked word and an email that contains it as the one email', async () => {
    const params = { patterns: [prebuilt('email', 'MASK')], blocked_words: [{ keyword: 'acme', action: 'MASK' }] };
    await expect(check(params, ['acme@example.com'])).resolves.toEqual({
      action: 'mask',
      type: 'email',
      detail: 'masked 1 email',
      texts: [maskTag('req-1', 'email', 'acme@example.com')],
    });
  });

  it.each([
    ['email', 'jane.doe@example.com'],
    ['us_ssn', '123-45-6789'],
    ['credit_card', '4111 1111 1111 1111'],
    ['aws_access_key', 'AKIA' + 'FAKE0TEST1KEY2XY'],
    ['github_token', 'ghp_' + 'a1B2'.repeat(9)],
    ['stripe_key', 'sk_' + 'live_' + 'a1B2'.repeat(6)],
  ])('never hands back the %s it found, in a block or a mask', async (name, secret) => {
    const text = `here: ${secret} (end)`;
    const blocked = await check(only(name, 'BLOCK'), [text]);
    const masked = await check(only(name, 'MASK'), [text]);
    expect(blocked.action).toBe('block');
    expect(masked.action).toBe('mask');
    expect(JSON.stringify([blocked, masked])).not.toContain(secret);
  });

  it.each<[GuardrailSource, GuardrailStage]>([
    ['input', 'pre_call'],
    ['input', 'during_call'],
    ['output', 'post_call'],
  ])('checks %s at %s alike', async (source, stage) => {
    const params = { patterns: [prebuilt('email', 'MASK'), prebuilt('us_ssn', 'BLOCK')] };
    await expect(check(params, ['a@example.com'], { source, stage })).resolves.toMatchObject({ action: 'mask' });
    await expect(check(params, ['123-45-6789'], { source, stage })).resolves.toMatchObject({ action: 'block' });
  });

  it.each([
    [only('email', 'MASK'), true],
    [only('email', 'BLOCK'), false],
    [{ blocked_words: [{ keyword: 'x', action: 'MASK' }] }, true],
    [{ blocked_words: [{ keyword: 'x', action: 'BLOCK' }] }, false],
    [{ patterns: [prebuilt('email', 'BLOCK')], blocked_words: [{ keyword: 'x', action: 'MASK' }] }, true],
  ])('with %j may mask input: %s', (params, masksInput) => {
    expect(engineOf(params).masksInput).toBe(masksInput);
  });

  it('is built by the registered factory under its configured name', async () => {
    const built = contentFilterFactory('pii', only('email', 'BLOCK'), 'guardrails[0].litellm_params', {
      resolvers: {},
      env: {},
    });
    const engine = 'engine' in built ? built.engine : undefined;
    expect(engine?.name).toBe('pii');
    await expect(
      engine?.check({
        stage: 'pre_call',
        source: 'input',
        texts: ['a@example.com'],
        requestId: 'r',
        signal: new AbortController().signal,
      }),
    ).resolves.toMatchObject({ action: 'block' });
  });
});
