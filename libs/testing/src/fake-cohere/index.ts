export {
  FAKE_COHERE_KEY,
  startFakeCohere,
  type FakeCohere,
  type FakeCohereOptions,
  type FakeCohereRequest,
} from './server';
