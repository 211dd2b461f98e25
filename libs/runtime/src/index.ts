export { bootSettings, bootGatewayConfig, exitOnBootError, closeOnSignals, ServiceSettings } from './boot';
export { DatabaseConnector } from './database-connector';
export { announceReady, isReadyMessage, readiness } from './readiness';
