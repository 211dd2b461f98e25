import type { ApplyGuardrailResponse, GuardrailAssessment } from '@aws-sdk/client-bedrock-runtime';
import { GuardrailInput } from '../guardrail-engine';
import { fromApplyGuardrailResponse, toApplyGuardrailRequest } from './apply-guardrail-mapping';
import { BedrockGuardrailSettings } from './bedrock-guardrail-params';

const usage = {
  topicPolicyUnits: 1,
  contentPolicyUnits: 1,
  wordPolicyUnits: 1,
  sensitiveInformationPolicyUnits: 1,
  sensitiveInformationPolicyFreeUnits: 0,
  contextualGroundingPolicyUnits: 0,
};

const intervened = (assessment: GuardrailAssessment, outputs: string[]): ApplyGuardrailResponse => ({
  action: 'GUARDRAIL_INTERVENED',
  usage,
  assessments: [assessment],
  outputs: outputs.map((text) => ({ text })),
});

const anonymizedEmail: GuardrailAssessment = {
  sensitiveInformationPolicy: {
    piiEntities: [{ type: 'EMAIL', match: 'ann@example.com', action: 'ANONYMIZED' }],
    regexes: [{ name: 'ticket', match: 'T-123', regex: 'T-\\d+', action: 'ANONYMIZED' }],
  },
};

describe('toApplyGuardrailRequest', () => {
  const settings: BedrockGuardrailSettings = {
    guardrailIdentifier: 'gr-1',
    guardrailVersion: 'DRAFT',
    region: 'us-east-1',
    mask: { input: false, output: false },
  };
  const input = (source: GuardrailInput['source']): GuardrailInput => ({
    stage: 'pre_call',
    source,
    texts: ['one', 'two'],
    requestId: 'r',
    signal: new AbortController().signal,
  });

  it.each([
    ['input', 'INPUT'],
    ['output', 'OUTPUT'],
  ] as const)('sends %s texts as source %s, one text block each', (source, expected) => {
    expect(toApplyGuardrailRequest(settings, input(source))).toEqual({
      guardrailIdentifier: 'gr-1',
      guardrailVersion: 'DRAFT',
      source: expected,
      content: [{ text: { text: 'one' } }, { text: { text: 'two' } }],
    });
  });
});

describe('fromApplyGuardrailResponse', () => {
  it('passes when Bedrock took no action', () => {
    const response: ApplyGuardrailResponse = { action: 'NONE', usage, assessments: [{}], outputs: [] };
    expect(fromApplyGuardrailResponse(response, 1, true)).toEqual({ action: 'pass' });
  });

  const blockedBy: [string, GuardrailAssessment][] = [
    ['topic', { topicPolicy: { topics: [{ name: 'Investing', type: 'DENY', action: 'BLOCKED' }] } }],
    ['content', { contentPolicy: { filters: [{ type: 'INSULTS', confidence: 'HIGH', action: 'BLOCKED' }] } }],
    ['word', { wordPolicy: { customWords: [{ match: 'falcon', action: 'BLOCKED' }], managedWordLists: [] } }],
    [
      'word',
      { wordPolicy: { customWords: [], managedWordLists: [{ match: 'darn', type: 'PROFANITY', action: 'BLOCKED' }] } },
    ],
    [
      'sensitiveInformation',
      {
        sensitiveInformationPolicy: {
          piiEntities: [{ type: 'US_SOCIAL_SECURITY_NUMBER', match: 'x', action: 'BLOCKED' }],
          regexes: [],
        },
      },
    ],
    [
      'contextualGrounding',
      {
        contextualGroundingPolicy: { filters: [{ type: 'GROUNDING', threshold: 0.7, score: 0.1, action: 'BLOCKED' }] },
      },
    ],
  ];

  it.each(blockedBy)('blocks on a %s policy with the guardrail message', (policy, assessment) => {
    expect(fromApplyGuardrailResponse(intervened(assessment, ['Sorry, not that.']), 2, true)).toEqual({
      action: 'block',
      type: `bedrock:${policy}`,
      detail: 'Sorry, not that.',
    });
  });

  it('blocks when anything blocked, even beside masking, naming the first blocking policy', () => {
    const assessment: GuardrailAssessment = {
      ...anonymizedEmail,
      wordPolicy: { customWords: [{ match: 'falcon', action: 'BLOCKED' }], managedWordLists: [] },
      topicPolicy: { topics: [{ name: 'Birds', type: 'DENY', action: 'NONE', detected: true }] },
    };
    expect(fromApplyGuardrailResponse(intervened(assessment, ['No.']), 1, true)).toMatchObject({
      action: 'block',
      type: 'bedrock:word',
    });
  });

  it('masks with one output per text when only masking fired and masking is on', () => {
    const response = intervened(anonymizedEmail, ['mail {EMAIL}', 'ticket {ticket}']);
    expect(fromApplyGuardrailResponse(response, 2, true)).toEqual({
      action: 'mask',
      type: 'bedrock:sensitiveInformation',
      detail: 'Bedrock masked EMAIL, ticket',
      texts: ['mail {EMAIL}', 'ticket {ticket}'],
    });
  });

  it('keeps matched values out of the mask detail', () => {
    const verdict = fromApplyGuardrailResponse(intervened(anonymizedEmail, ['{EMAIL}']), 1, true);
    expect(JSON.stringify(verdict)).not.toContain('ann@example.com');
  });

  it('passes a masking-only intervention when masking is off, as LiteLLM does', () => {
    expect(fromApplyGuardrailResponse(intervened(anonymizedEmail, ['{EMAIL}']), 1, false)).toEqual({ action: 'pass' });
  });

  it('throws when the masked outputs cannot be lined up with the texts', () => {
    expect(() => fromApplyGuardrailResponse(intervened(anonymizedEmail, ['{EMAIL}']), 2, true)).toThrow(
      'Bedrock returned 1 masked outputs for 2 texts',
    );
  });

  it('blocks an intervention no finding explains, falling back to the action reason', () => {
    const response: ApplyGuardrailResponse = {
      action: 'GUARDRAIL_INTERVENED',
      actionReason: 'Guardrail blocked.',
      usage,
      assessments: [{}],
      outputs: [],
    };
    expect(fromApplyGuardrailResponse(response, 1, true)).toEqual({
      action: 'block',
      type: 'bedrock',
      detail: 'Guardrail blocked.',
    });
  });

  it('throws on an action it does not know, so the fail-open policy decides', () => {
    const response = {
      action: 'SOMETHING_NEW',
      usage,
      assessments: [],
      outputs: [],
    } as unknown as ApplyGuardrailResponse;
    expect(() => fromApplyGuardrailResponse(response, 1, true)).toThrow('unknown action "SOMETHING_NEW"');
  });
});
