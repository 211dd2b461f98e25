export type {
  GuardrailEngine,
  GuardrailInput,
  GuardrailSource,
  GuardrailStage,
  GuardrailVerdict,
} from './guardrail-engine';
export { maskTag } from './mask-tag';
export type { EngineDeps, EngineFactory } from './engine-factory';
export { GuardrailCatalog, GUARDRAIL_KINDS } from './guardrail-catalog';
export { policyOf } from './guardrail-policy';
export type { GuardrailPolicy } from './guardrail-policy';
