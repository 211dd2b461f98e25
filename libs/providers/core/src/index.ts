export * from './canonical.types';
export { TokenUsage, NO_USAGE, fromOpenAiUsage, toOpenAiUsage } from './token-usage';
export {
  ProviderAdapter,
  DeploymentTarget,
  Timeouts,
  UpstreamRequest,
  UpstreamResponse,
  StreamParser,
  StreamStep,
  Capabilities,
} from './provider-adapter';
export { ProviderClient, ChatResult, EmbeddingResult, HttpTransport, StreamOpen } from './provider-client';
export { HttpProviderClient } from './http-provider-client';
export { keepSupported } from './unsupported-params';
export { headerOf, retryAfterSeconds } from './retry-after';
export { exampleTarget } from './example-target';
