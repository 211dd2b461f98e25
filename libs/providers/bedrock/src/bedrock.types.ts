import type {
  ContentBlock,
  ConverseRequest,
  ConverseResponse,
  ConverseStreamOutput,
  Message,
  StopReason,
  SystemContentBlock,
  TokenUsage as ConverseUsage,
  Tool,
  ToolChoice,
} from '@aws-sdk/client-bedrock-runtime';

export type {
  ContentBlock,
  ConverseRequest,
  ConverseResponse,
  ConverseStreamOutput,
  ConverseUsage,
  Message,
  StopReason,
  SystemContentBlock,
  Tool,
  ToolChoice,
};

/** The SDK's JSON document type (tool input, schemas, additional fields); values parsed from JSON fit it. */
export type JsonDocument = NonNullable<ConverseRequest['additionalModelRequestFields']>;

/** OpenAI's finish reasons, the only ones a canonical response carries. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/** What an AWS SDK v3 exception carries that the error mapping reads. */
export interface AwsErrorLike {
  name: string;
  message: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: 'client' | 'server';
}

/** One InvokeModel call for embeddings: the body is the model's own JSON. */
export interface EmbeddingCall {
  modelId: string;
  body: Record<string, unknown>;
}

/** Amazon Titan Text Embeddings (v1/v2) response: https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html */
export interface TitanEmbeddingResponse {
  embedding?: number[];
  inputTextTokenCount?: number;
}

/** Cohere Embed on Bedrock response: https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html */
export interface CohereEmbeddingResponse {
  embeddings?: number[][] | { float?: number[][] };
  texts?: string[];
}

/** The parts of a canonical tool definition the translation reads. */
export interface OpenAiTool {
  type?: string;
  function?: { name?: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean };
  cache_control?: unknown;
}
