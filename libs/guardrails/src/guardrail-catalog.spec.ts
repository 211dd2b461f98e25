import { ConfigError, GuardrailConfig } from '@gatehouse/config';
import { guardrail } from '@gatehouse/contracts';
import { EngineFactory } from './engine-factory';
import { GuardrailInput, GuardrailVerdict } from './guardrail-engine';
import { GuardrailCatalog } from './guardrail-catalog';

/** A test engine whose verdict is its `answer` param: pass, block, mask (upper-cases), throw, or hang. */
const scripted: EngineFactory = (name, params) => ({
  engine: {
    name,
    masksInput: params.answer === 'mask',
    check: (input: GuardrailInput): Promise<GuardrailVerdict> => {
      switch (params.answer) {
        case 'block':
          return Promise.resolve({ action: 'block', type: 'word', detail: `${name} said no` });
        case 'mask':
          return Promise.resolve({
            action: 'mask',
            type: 'case',
            detail: 'shouted',
            texts: input.texts.map((t) => t.toUpperCase()),
          });
        case 'throw':
          return Promise.reject(new Error('connect ECONNREFUSED'));
        case 'hang':
          return new Promise((_, reject) => input.signal.addEventListener('abort', () => reject(new Error('aborted'))));
        default:
          return Promise.resolve({ action: 'pass' });
      }
    },
  },
});
const kinds = { scripted };

const entry = (name: string, answer: string, extra: Record<string, unknown> = {}): GuardrailConfig => ({
  guardrail_name: name,
  litellm_params: { guardrail: 'scripted', answer, ...extra },
});
const build = (...entries: GuardrailConfig[]) =>
  GuardrailCatalog.build(entries, { resolvers: {}, env: {} }, 'c', kinds);
const check = (catalog: GuardrailCatalog, guardrails: string[], texts = ['hello']): Promise<guardrail.CheckResponse> =>
  catalog.check({ stage: 'pre_call', source: 'input', guardrails, model: 'm', texts });

describe('GuardrailCatalog', () => {
  it('runs guardrails in order, each seeing what the one before masked', async () => {
    const catalog = build(entry('shout', 'mask'), entry('ok', 'pass'));
    const answer = await check(catalog, ['shout', 'ok'], ['hi', 'there']);
    expect(answer).toMatchObject({ allowed: true, masked: true, texts: ['HI', 'THERE'] });
    expect(answer.results.map((r) => [r.guardrail, r.outcome, r.type])).toEqual([
      ['shout', 'masked', 'case'],
      ['ok', 'passed', ''],
    ]);
    expect(answer.results.every((r) => r.latencyMs >= 0)).toBe(true);
  });

  it('stops at a block, and gives no texts when nothing was masked', async () => {
    const answer = await check(build(entry('no', 'block'), entry('later', 'pass')), ['no', 'later']);
    expect(answer).toMatchObject({ allowed: false, masked: false, texts: [] });
    expect(answer.results).toMatchObject([{ guardrail: 'no', outcome: 'blocked', detail: 'no said no' }]);
  });

  it('records a log-only guardrail’s block as flagged and goes on', async () => {
    const answer = await check(build(entry('watch', 'block', { disable_exception_on_block: true })), ['watch']);
    expect(answer).toMatchObject({ allowed: true, results: [{ outcome: 'flagged', detail: 'watch said no' }] });
  });

  it('follows fail_open on an error and fails closed by default, never recording a pass', async () => {
    const open = await check(build(entry('flaky', 'throw', { fail_open: true })), ['flaky']);
    expect(open).toMatchObject({
      allowed: true,
      results: [{ outcome: 'failed_open', detail: 'connect ECONNREFUSED' }],
    });
    const closed = await check(build(entry('flaky', 'throw')), ['flaky']);
    expect(closed).toMatchObject({ allowed: false, results: [{ outcome: 'failed_closed' }] });
  });

  it('gives up on a guardrail past its timeout and tells it to stop', async () => {
    const answer = await check(build(entry('slow', 'hang', { timeout: 0.05 })), ['slow']);
    expect(answer).toMatchObject({
      allowed: false,
      results: [{ outcome: 'failed_closed', detail: 'timed out after 50 ms' }],
    });
  });

  it('refuses a guardrail that is not configured', async () => {
    await expect(check(build(), ['nope'])).rejects.toMatchObject({ kind: 'bad_request' });
  });

  it('stops start-up on a kind it does not run and on a name given twice, naming them', () => {
    const attempt = () =>
      build(
        { guardrail_name: 'aporia', litellm_params: { guardrail: 'aporia' } },
        entry('x', 'pass'),
        entry('x', 'pass'),
      );
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      /guardrail "aporia" is of kind "aporia", which this gateway does not run \(it runs scripted\)/,
    );
    expect(attempt).toThrow(/guardrails\[2\]\.guardrail_name: "x" is defined twice/);
  });

  it('says which guardrails may rewrite a request', () => {
    const catalog = build(entry('shout', 'mask'), entry('ok', 'pass'));
    expect([catalog.masksInput('shout'), catalog.masksInput('ok'), catalog.masksInput('nope')]).toEqual([
      true,
      false,
      false,
    ]);
  });
});
