/** OpenAI's error body: https://platform.openai.com/docs/guides/error-codes */
export interface OpenAiErrorPayload {
  error?: { message?: unknown; type?: unknown; param?: unknown; code?: unknown };
}
