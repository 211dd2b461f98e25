import { maskTag } from '../mask-tag';
import { buildContentFilter } from './content-filter.factory';

const AT = 'guardrails[0].litellm_params';

const build = (params: Record<string, unknown>) =>
  buildContentFilter('filter', params, AT, (path) => {
    throw new Error(`unexpected read of ${path}`);
  });

function check(params: Record<string, unknown>, text: string) {
  const built = build(params);
  if (!('engine' in built)) throw new Error(JSON.stringify(built.issues));
  return built.engine.check({
    stage: 'pre_call',
    source: 'input',
    texts: [text],
    requestId: 'req-1',
    signal: new AbortController().signal,
  });
}

const regex = (pattern: string, action: string, name?: string) => ({
  patterns: [{ pattern_type: 'regex', pattern, action, ...(name === undefined ? {} : { name }) }],
});

describe('custom regex patterns', () => {
  it.each([
    // [pattern, name, text, kind, what matched]
    ['\\bEMP-\\d{6}\\b', 'employee_id', 'badge emp-123456', 'employee_id', 'emp-123456'],
    ['\\bEMP-\\d{6}\\b', undefined, 'badge EMP-123456', 'custom_regex', 'EMP-123456'],
  ])('masks /%s/ (named %s) case-insensitively in %j', async (pattern, name, text, kind, value) => {
    await expect(check(regex(pattern, 'MASK', name), text)).resolves.toEqual({
      action: 'mask',
      type: kind,
      detail: `masked 1 ${kind}`,
      texts: [`badge ${maskTag('req-1', kind, value)}`],
    });
  });

  it('names what a block found by the regex name, never by the match', async () => {
    await expect(check(regex('proj-[a-z]+', 'BLOCK', 'codename'), 'about proj-falcon')).resolves.toEqual({
      action: 'block',
      type: 'codename',
      detail: 'contains a match for codename',
    });
  });

  it.each([
    // Regexes that can match the empty string must step past it rather than loop forever.
    ['x*', 'aaxxbx', `aa${maskTag('req-1', 'custom_regex', 'xx')}b${maskTag('req-1', 'custom_regex', 'x')}`],
    ['(?=a)', 'banana', undefined],
    ['^', 'anything', undefined],
    ['\\b', 'two words', undefined],
  ])('/%s/ in %j masks only non-empty matches', async (pattern, text, masked) => {
    const verdict = await check(regex(pattern, 'MASK'), text);
    expect(verdict).toEqual(masked === undefined ? { action: 'pass' } : expect.objectContaining({ texts: [masked] }));
  });
});

describe('pattern config issues', () => {
  const prebuilt = (entry: Record<string, unknown>) => ({ patterns: [{ pattern_type: 'prebuilt', ...entry }] });

  it.each([
    [{}, AT, /checks nothing: give patterns, blocked_words or blocked_words_file/],
    [{ patterns: [], blocked_words: [] }, AT, /checks nothing/],
    [{ patterns: 'email' }, `${AT}.patterns`, /must be a list/],
    [{ patterns: ['email'] }, `${AT}.patterns[0]`, /must be a mapping with pattern_type/],
    [prebuilt({ pattern_name: 'emial', action: 'MASK' }), `${AT}.patterns[0].pattern_name`, /^is not a prebuilt/],
    [prebuilt({ action: 'MASK' }), `${AT}.patterns[0].pattern_name`, /^is required for a prebuilt pattern/],
    [prebuilt({ pattern_name: 'email', action: 'REDACT' }), `${AT}.patterns[0].action`, /^must be BLOCK or MASK$/],
    [prebuilt({ pattern_name: 'email' }), `${AT}.patterns[0].action`, /^is required \(BLOCK or MASK\)$/],
    [{ patterns: [{ pattern_type: 'ner', action: 'MASK' }] }, `${AT}.patterns[0].pattern_type`, /not one.*regex/],
    [{ patterns: [{ pattern_name: 'email', action: 'MASK' }] }, `${AT}.patterns[0].pattern_type`, /^is required/],
    [regex('(', 'MASK'), `${AT}.patterns[0].pattern`, /^is not a valid regex: /],
    [regex('', 'MASK'), `${AT}.patterns[0].pattern`, /^is required for a regex pattern/],
    [{ patterns: [{ pattern_type: 'regex', action: 'MASK' }] }, `${AT}.patterns[0].pattern`, /^is required/],
    [regex('x', 'MASK', ' '), `${AT}.patterns[0].name`, /^must be a non-empty string$/],
  ])('%j is refused at %s', (params, location, message) => {
    expect(build(params)).toEqual({ issues: [{ location, message: expect.stringMatching(message) as string }] });
  });

  it('lists the prebuilt patterns it knows when a name is wrong', () => {
    const built = build(prebuilt({ pattern_name: 'ssn', action: 'BLOCK' }));
    const message = 'issues' in built ? built.issues[0].message : '';
    for (const name of ['email', 'us_ssn', 'credit_card', 'iban', 'stripe_key']) expect(message).toContain(name);
  });

  it('reports every bad entry at once, where each is', () => {
    const params = {
      patterns: [
        { pattern_type: 'prebuilt', pattern_name: 'email', action: 'MASK' },
        { pattern_type: 'prebuilt', pattern_name: 'nope', action: 'nope' },
      ],
      blocked_words: [{ keyword: 'x' }],
    };
    const built = build(params);
    expect('issues' in built && built.issues.map((issue) => issue.location)).toEqual([
      `${AT}.patterns[1].action`,
      `${AT}.patterns[1].pattern_name`,
      `${AT}.blocked_words[0].action`,
    ]);
  });
});
