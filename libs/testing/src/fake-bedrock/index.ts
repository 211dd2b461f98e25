export { startFakeBedrock, type FakeBedrock, type FakeBedrockOptions, type FakeBedrockRequest } from './server';
export type { FakeGuardrail, FakePiiType } from './apply-guardrail';
