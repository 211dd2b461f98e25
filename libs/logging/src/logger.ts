import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/** Fields that must never reach a log line, wherever they appear. */
const REDACT = [
  'apiKey',
  'api_key',
  'authorization',
  'credential',
  'masterKey',
  'master_key',
  '*.apiKey',
  '*.api_key',
  '*.authorization',
  'headers.authorization',
];

export function createLogger(service: string, level = 'info'): Logger {
  return pino({ name: service, level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service } });
}

/** Nest's own messages (startup, routes) as JSON lines through the same logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
