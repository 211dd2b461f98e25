export { bootSettings, bootGatewayConfig, exitOnBootError, closeOnSignals, Closable, ServiceSettings } from './boot';
export { DatabaseConnector } from './database-connector';
export { announceReady, readiness, ReadyDetails, readyDetailsOf } from './readiness';
export { isCode } from './error-code';
export { PidLock, PidLockHeld } from './pid-lock';
