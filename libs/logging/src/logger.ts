import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import pretty from 'pino-pretty';

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

export type LogFormat = 'json' | 'pretty';

/**
 * JSON lines for log shippers; human-readable lines for a person at a terminal. With no format
 * given, a terminal on stdout gets the readable one.
 */
export function createLogger(service: string, level = 'info', format?: LogFormat): Logger {
  const options = { name: service, level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service } };
  if ((format ?? (process.stdout.isTTY ? 'pretty' : 'json')) === 'json') return pino(options);
  // Synchronous, in this thread: a worker-thread transport would cost a thread and lose lines at exit.
  return pino(options, pretty({ sync: true, colorize: process.stdout.isTTY, ignore: 'pid,hostname,service' }));
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
