export {
  startFakeUpstream,
  OPENAI_DIALECT,
  type FakeDialect,
  type FakeRoute,
  type FakeUpstream,
  type FakeUpstreamOptions,
  type RecordedRequest,
} from './server';
export { DEFAULT_KNOBS, type FakeKnobs } from './knobs';
export { echoReply } from './chat';
export { DEFAULT_EMBEDDING_DIMENSIONS, fakeEmbedding, wordEmbedding } from './embeddings';
export { FAKE_MODEL_IDS } from './models';
export { CHARS_PER_TOKEN, countTokens } from './tokens';
export { OpenAiError, type OpenAiErrorBody } from './errors';
