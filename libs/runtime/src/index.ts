export { bootSettings, bootGatewayConfig, exitOnBootError, closeOnSignals, ServiceSettings } from './boot';
export { DatabaseConnector } from './database-connector';
