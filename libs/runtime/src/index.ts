export { bootSettings, bootGatewayConfig, exitOnBootError, closeOnSignals, ServiceSettings } from './boot';
