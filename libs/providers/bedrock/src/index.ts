export { BedrockClient, BedrockClientOptions } from './bedrock.client';
export { toConverseRequest, fromConverseResponse, fromConverseUsage, toFinishReason } from './bedrock.adapter';
export { createConverseStreamTranslator } from './bedrock.stream';
export { fromBedrockError } from './bedrock.errors';
export { toInvokeModelEmbeddings, fromInvokeModelEmbeddings } from './bedrock.embeddings';
