import { GatewayFailure } from '@gatehouse/errors';
import { checkGuardrailNames } from './guardrail-names';
import { keyGenerateSchema, keyUpdateSchema } from './key-schemas';
import { parseBody } from './parse-body';
import { teamNewSchema, teamUpdateSchema, userNewSchema } from './scope-schemas';

const CONFIGURED = new Set(['pii-mask', 'toxicity']);

function failureOf(run: () => unknown): GatewayFailure {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayFailure) return error;
  }
  throw new Error('not refused');
}

describe('guardrails on keys and teams', () => {
  it.each([
    ['key.generate', keyGenerateSchema, {}],
    ['key.update', keyUpdateSchema, { key: 'sk-0123456789abcdef' }],
    ['team.new', teamNewSchema, {}],
    ['team.update', teamUpdateSchema, { team_id: 't1' }],
  ] as const)('%s accepts guardrail names, keeping each once in the order first given', (_op, schema, base) => {
    const body = parseBody(schema, { ...base, guardrails: [' toxicity', 'pii-mask', 'toxicity'] });
    expect(body.guardrails).toEqual(['toxicity', 'pii-mask']);
    expect(parseBody(schema, { ...base, guardrails: [] }).guardrails).toEqual([]);
    expect(parseBody(schema, base).guardrails).toBeUndefined();
  });

  it.each([
    [{ guardrails: 'pii-mask' }, 'guardrails'],
    [{ guardrails: ['pii-mask', ''] }, 'guardrails[1]'],
    [{ allow_request_guardrails: 'maybe' }, 'allow_request_guardrails'],
  ])('refuses %j naming %s', (body, param) => {
    expect(failureOf(() => parseBody(keyGenerateSchema, body)).details.param).toBe(param);
  });

  it('reads allow_request_guardrails as a boolean, "true" included', () => {
    expect(parseBody(keyGenerateSchema, { allow_request_guardrails: 'true' }).allow_request_guardrails).toBe(true);
    expect(parseBody(keyGenerateSchema, {}).allow_request_guardrails).toBeUndefined();
  });

  it('still refuses guardrails on users', () => {
    expect(failureOf(() => parseBody(userNewSchema, { guardrails: ['pii-mask'] })).details.param).toBe('guardrails');
  });
});

describe('checkGuardrailNames', () => {
  it('accepts configured names, an empty list and no list', () => {
    expect(() => checkGuardrailNames(['toxicity', 'pii-mask'], CONFIGURED)).not.toThrow();
    expect(() => checkGuardrailNames([], CONFIGURED)).not.toThrow();
    expect(() => checkGuardrailNames(undefined, new Set())).not.toThrow();
    expect(() => checkGuardrailNames(null, new Set())).not.toThrow();
  });

  it('refuses an unknown name with a 400 naming it and the param', () => {
    const failure = failureOf(() => checkGuardrailNames(['pii-mask', 'pii'], CONFIGURED));
    expect(failure.status).toBe(400);
    expect(failure.details.param).toBe('guardrails');
    expect(failure.message).toBe(
      "guardrails: 'pii' is not a guardrail_name in config.yaml (configured: pii-mask, toxicity)",
    );
    expect(failureOf(() => checkGuardrailNames(['pii'], new Set())).message).toContain('none are configured');
  });
});
