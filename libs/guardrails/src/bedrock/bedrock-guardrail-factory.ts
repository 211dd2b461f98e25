import { EngineFactory } from '../engine-factory';
import { BedrockGuardrailEngine } from './bedrock-guardrail-engine';
import { parseBedrockGuardrailParams } from './bedrock-guardrail-params';

/** `guardrail: bedrock`, configured as LiteLLM's Bedrock guardrail; no I/O until the first check. */
export const bedrockGuardrailFactory: EngineFactory = (name, params, at, deps) => {
  const parsed = parseBedrockGuardrailParams(params, at, deps.env);
  if ('issues' in parsed) return parsed;
  return { engine: new BedrockGuardrailEngine(name, parsed.settings, deps.resolvers) };
};
