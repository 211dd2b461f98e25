export { describeChatConformance } from './chat-conformance';
export { ConformanceOptions } from './conformance-options';
