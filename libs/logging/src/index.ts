export { createLogger, LogFormat, PinoNestLogger } from './logger';
export type { Logger } from 'pino';
