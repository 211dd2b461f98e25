import { BedrockError, validation } from './errors';

/** The PII kinds the fake can find; Bedrock's own names, so masks read `{EMAIL}` as Bedrock writes them. */
export type FakePiiType = 'EMAIL' | 'PHONE' | 'US_SOCIAL_SECURITY_NUMBER' | 'IP_ADDRESS';

/** One guardrail as CreateGuardrail would configure it, reduced to what tests need to block, mask or pass. */
export interface FakeGuardrail {
  /** A published version; `DRAFT`, the working copy every guardrail has, is always accepted too. */
  version?: string;
  /** Word filter: each word blocks wherever it appears as a whole word, in any case. */
  blockedWords?: readonly string[];
  /** Sensitive-information filter, with CreateGuardrail's action names. */
  piiEntities?: Partial<Record<FakePiiType, 'BLOCK' | 'ANONYMIZE'>>;
  /** Denied topics; Bedrock matches them by meaning, the fake by any of the keywords. */
  deniedTopics?: readonly { name: string; keywords: readonly string[] }[];
  blockedInputMessaging?: string;
  blockedOutputsMessaging?: string;
}

// Bedrock's console default for both messages.
const DEFAULT_BLOCKED_MESSAGING = 'Sorry, the model cannot answer this question.';
// Bedrock bills one text unit per 1,000 characters per policy.
const CHARS_PER_UNIT = 1000;

const PII_PATTERNS: Readonly<Record<FakePiiType, RegExp>> = {
  EMAIL: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
  PHONE: /\+?\d{1,2}[ -]?\(?\d{3}\)?[ -]?\d{3}-\d{4}\b/g,
  US_SOCIAL_SECURITY_NUMBER: /\b\d{3}-\d{2}-\d{4}\b/g,
  IP_ADDRESS: /\b(?:\d{1,3}\.){3}\d{1,3}\b/g,
};

interface Entry {
  action: 'BLOCKED' | 'ANONYMIZED';
}

interface Assessment {
  topics: ({ name: string; type: 'DENY'; detected: true } & Entry)[];
  customWords: ({ match: string; detected: true } & Entry)[];
  piiEntities: ({ match: string; type: FakePiiType; detected: true } & Entry)[];
}

/**
 * ApplyGuardrail (`POST /guardrail/{id}/version/{version}/apply`) for the configured guardrails.
 * Outputs follow the API's contract: empty when nothing was found, the one blocked message when
 * anything blocks, else one masked text per content block, in order.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-use-independent-api.html
 */
export function applyGuardrail(
  guardrails: Readonly<Record<string, FakeGuardrail>>,
  identifier: string,
  version: string,
  body: unknown,
): Record<string, unknown> {
  const guardrail = Object.hasOwn(guardrails, identifier) ? guardrails[identifier] : undefined;
  if (!guardrail || (version !== 'DRAFT' && version !== guardrail.version)) {
    throw new BedrockError(404, 'ResourceNotFoundException', 'The specified guardrail or version does not exist.');
  }
  const { source, texts } = validateApplyGuardrail(body);
  const found: Assessment = { topics: [], customWords: [], piiEntities: [] };
  const masked = texts.map((text) => assessText(guardrail, text, found));
  const entries = [...found.topics, ...found.customWords, ...found.piiEntities];
  const blocked = entries.some((entry) => entry.action === 'BLOCKED');
  const characters = texts.reduce((sum, text) => sum + text.length, 0);
  const usage = usageOf(guardrail, characters);
  const coverage = { textCharacters: { guarded: characters, total: characters } };
  const assessment = {
    ...policySections(found),
    invocationMetrics: { guardrailProcessingLatency: 1, usage, guardrailCoverage: coverage },
  };
  const answer = { usage, assessments: [assessment], guardrailCoverage: coverage };
  if (entries.length === 0) return { ...answer, action: 'NONE', outputs: [] };
  if (!blocked) return { ...answer, action: 'GUARDRAIL_INTERVENED', outputs: masked.map((text) => ({ text })) };
  const message =
    source === 'INPUT'
      ? (guardrail.blockedInputMessaging ?? DEFAULT_BLOCKED_MESSAGING)
      : (guardrail.blockedOutputsMessaging ?? DEFAULT_BLOCKED_MESSAGING);
  return {
    ...answer,
    action: 'GUARDRAIL_INTERVENED',
    actionReason: 'Guardrail blocked.',
    outputs: [{ text: message }],
  };
}

function validateApplyGuardrail(body: unknown): { source: 'INPUT' | 'OUTPUT'; texts: string[] } {
  const { source, content } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (source !== 'INPUT' && source !== 'OUTPUT') {
    throw validation(
      "1 validation error detected: Value at 'source' failed to satisfy constraint: Member must satisfy enum value set: [INPUT, OUTPUT]",
    );
  }
  if (!Array.isArray(content) || content.length === 0) {
    throw validation(
      "1 validation error detected: Value at 'content' failed to satisfy constraint: Member must not be empty",
    );
  }
  const texts = (content as unknown[]).map((block) => {
    const text = (block as { text?: { text?: unknown } } | null)?.text?.text;
    if (typeof text !== 'string') throw validation('The fake supports only text content blocks.');
    return text;
  });
  return { source, texts };
}

/** Records what the text trips and returns it with every anonymized entity replaced by `{TYPE}`. */
function assessText(guardrail: FakeGuardrail, text: string, found: Assessment): string {
  for (const topic of guardrail.deniedTopics ?? []) {
    const hit = topic.keywords.some((keyword) => text.toLowerCase().includes(keyword.toLowerCase()));
    if (hit && !found.topics.some((t) => t.name === topic.name)) {
      found.topics.push({ name: topic.name, type: 'DENY', action: 'BLOCKED', detected: true });
    }
  }
  for (const word of guardrail.blockedWords ?? []) {
    const hit = new RegExp(`\\b${escapeRegExp(word)}\\b`, 'i').test(text);
    if (hit && !found.customWords.some((w) => w.match === word)) {
      found.customWords.push({ match: word, action: 'BLOCKED', detected: true });
    }
  }
  let masked = text;
  for (const [type, configured] of Object.entries(guardrail.piiEntities ?? {}) as [FakePiiType, string][]) {
    const action = configured === 'BLOCK' ? 'BLOCKED' : 'ANONYMIZED';
    for (const [match] of text.matchAll(PII_PATTERNS[type])) {
      found.piiEntities.push({ match, type, action, detected: true });
    }
    if (action === 'ANONYMIZED') masked = masked.replace(PII_PATTERNS[type], `{${type}}`);
  }
  return masked;
}

/** Only the policies that found something appear, as with the default `outputScope` (INTERVENTIONS). */
function policySections(found: Assessment): Record<string, unknown> {
  const sections: Record<string, unknown> = {};
  if (found.topics.length > 0) sections.topicPolicy = { topics: found.topics };
  if (found.customWords.length > 0) sections.wordPolicy = { customWords: found.customWords, managedWordLists: [] };
  if (found.piiEntities.length > 0) {
    sections.sensitiveInformationPolicy = { piiEntities: found.piiEntities, regexes: [] };
  }
  return sections;
}

function usageOf(guardrail: FakeGuardrail, characters: number): Record<string, number> {
  const units = Math.max(1, Math.ceil(characters / CHARS_PER_UNIT));
  const when = (configured: boolean) => (configured ? units : 0);
  return {
    topicPolicyUnits: when((guardrail.deniedTopics?.length ?? 0) > 0),
    contentPolicyUnits: 0,
    wordPolicyUnits: when((guardrail.blockedWords?.length ?? 0) > 0),
    sensitiveInformationPolicyUnits: when(Object.keys(guardrail.piiEntities ?? {}).length > 0),
    sensitiveInformationPolicyFreeUnits: 0,
    contextualGroundingPolicyUnits: 0,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
