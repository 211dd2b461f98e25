export { geminiAdapter, GEMINI_DEFAULT_API_BASE } from './gemini.adapter';
export { withGeminiEmbeddingUsage } from './gemini.client';
