export { bedrockGuardrailFactory } from './bedrock-guardrail-factory';
