export { startFakeBedrock, type FakeBedrock, type FakeBedrockOptions, type FakeBedrockRequest } from './server';
