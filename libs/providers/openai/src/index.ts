export { openAiAdapter } from './openai.adapter';
