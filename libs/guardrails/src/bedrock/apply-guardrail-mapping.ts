import type {
  ApplyGuardrailRequest,
  ApplyGuardrailResponse,
  GuardrailAssessment,
} from '@aws-sdk/client-bedrock-runtime';
import { GuardrailInput, GuardrailVerdict } from '../guardrail-engine';
import { BedrockGuardrailSettings } from './bedrock-guardrail-params';

/** One text content block per text, so a masked answer comes back as one output per text, in order. */
export function toApplyGuardrailRequest(
  settings: BedrockGuardrailSettings,
  input: GuardrailInput,
): ApplyGuardrailRequest {
  return {
    guardrailIdentifier: settings.guardrailIdentifier,
    guardrailVersion: settings.guardrailVersion,
    source: input.source === 'input' ? 'INPUT' : 'OUTPUT',
    content: input.texts.map((text) => ({ text: { text } })),
  };
}

interface Finding {
  action?: string;
}

/** Each policy's findings in an assessment; a block names the first policy, in this order, that blocked. */
const POLICIES: readonly { name: string; findings: (assessment: GuardrailAssessment) => readonly Finding[] }[] = [
  { name: 'topic', findings: (a) => a.topicPolicy?.topics ?? [] },
  { name: 'content', findings: (a) => a.contentPolicy?.filters ?? [] },
  {
    name: 'word',
    findings: (a) => [...(a.wordPolicy?.customWords ?? []), ...(a.wordPolicy?.managedWordLists ?? [])],
  },
  {
    name: 'sensitiveInformation',
    findings: (a) => [
      ...(a.sensitiveInformationPolicy?.piiEntities ?? []),
      ...(a.sensitiveInformationPolicy?.regexes ?? []),
    ],
  },
  { name: 'contextualGrounding', findings: (a) => a.contextualGroundingPolicy?.filters ?? [] },
];

/**
 * Bedrock's answer as a verdict. `GUARDRAIL_INTERVENED` covers both blocking and masking; the
 * assessments tell them apart: any finding BLOCKED blocks, with Bedrock's `outputs`, which is then
 * the guardrail's configured blocked message; only ANONYMIZED findings mask, with `outputs` holding
 * the request's content blocks with masking applied, or pass when masking is off (as LiteLLM does).
 * https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-use-independent-api.html
 */
export function fromApplyGuardrailResponse(
  response: ApplyGuardrailResponse,
  textCount: number,
  applyMask: boolean,
): GuardrailVerdict {
  if (response.action === 'NONE') return { action: 'pass' };
  if (response.action !== 'GUARDRAIL_INTERVENED') {
    throw new Error(`Bedrock answered with an unknown action "${String(response.action)}"`);
  }
  const assessments = response.assessments ?? [];
  const blocking = POLICIES.find((policy) =>
    assessments.some((assessment) => policy.findings(assessment).some((finding) => finding.action === 'BLOCKED')),
  );
  const masked = anonymizedKinds(assessments);
  // An intervention with neither explained still stands: Bedrock withheld the content.
  if (blocking || masked.length === 0) {
    return {
      action: 'block',
      type: blocking ? `bedrock:${blocking.name}` : 'bedrock',
      detail: blockedMessage(response),
    };
  }
  if (!applyMask) return { action: 'pass' };
  return {
    action: 'mask',
    type: 'bedrock:sensitiveInformation',
    detail: `Bedrock masked ${masked.join(', ')}`,
    texts: maskedTexts(response, textCount),
  };
}

function blockedMessage(response: ApplyGuardrailResponse): string {
  const message = (response.outputs ?? []).map((output) => output.text ?? '').join('\n');
  return message || response.actionReason || 'Bedrock guardrail intervened';
}

/** The entity types and regex names masked: what the usage event may record, never the matched values. */
function anonymizedKinds(assessments: readonly GuardrailAssessment[]): string[] {
  const kinds = assessments.flatMap((assessment) => {
    const policy = assessment.sensitiveInformationPolicy;
    const entities = (policy?.piiEntities ?? []).filter((e) => e.action === 'ANONYMIZED').map((e) => String(e.type));
    const regexes = (policy?.regexes ?? []).filter((r) => r.action === 'ANONYMIZED').map((r) => r.name ?? 'regex');
    return [...entities, ...regexes];
  });
  return [...new Set(kinds)];
}

/** Masked outputs align with the content blocks sent; any other count cannot be mapped back safely. */
function maskedTexts(response: ApplyGuardrailResponse, textCount: number): string[] {
  const outputs = response.outputs ?? [];
  const texts = outputs.flatMap((output) => (output.text === undefined ? [] : [output.text]));
  if (outputs.length !== textCount || texts.length !== textCount) {
    throw new Error(`Bedrock returned ${outputs.length} masked outputs for ${textCount} texts`);
  }
  return texts;
}
