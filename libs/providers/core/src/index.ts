export * from './canonical.types';
export { TokenUsage, NO_USAGE, fromOpenAiUsage, toOpenAiUsage } from './token-usage';
export {
  ProviderAdapter,
  DeploymentTarget,
  UpstreamRequest,
  UpstreamResponse,
  StreamParser,
  StreamStep,
  Capabilities,
} from './provider-adapter';
