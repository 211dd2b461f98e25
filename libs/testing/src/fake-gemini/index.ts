export { startFakeGemini, type FakeGemini, type FakeGeminiOptions, type RecordedGeminiRequest } from './server';
export { DEFAULT_GEMINI_KNOBS, type FakeGeminiKnobs } from './knobs';
export type { GoogleErrorBody } from './errors';
