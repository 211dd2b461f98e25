export { openAiAdapter, openAiEndpoint, openAiHeaders } from './openai.adapter';
export { mapOpenAiError } from './openai.errors';
