import { ConfigError, GatewayConfig, loadEnv, loadGatewayConfig } from '@gatehouse/config';
import { createLogger, Logger, LogFormat } from '@gatehouse/logging';
import { z } from 'zod';

export interface ServiceSettings<E> {
  env: E;
  logger: Logger;
}

/**
 * Reads a service's env once, at boot. A bad setting stops the process with one message naming
 * every problem: a crash loop with a clear cause beats a service running on a guess.
 */
export function bootSettings<S extends z.ZodObject>(service: string, schema: S): ServiceSettings<z.output<S>> {
  try {
    const env = loadEnv(schema, process.env) as z.output<S> & { LOG_LEVEL?: string; LOG_FORMAT?: LogFormat };
    return { env, logger: createLogger(service, env.LOG_LEVEL, env.LOG_FORMAT) };
  } catch (error) {
    return exitOnBootError(service, error);
  }
}

export function bootGatewayConfig(service: string, path: string): GatewayConfig {
  try {
    return loadGatewayConfig(path, process.env);
  } catch (error) {
    return exitOnBootError(service, error);
  }
}

export function exitOnBootError(service: string, error: unknown): never {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`${service}: cannot start: ${message}\n`);
  process.exit(1);
}

/** Anything a process lets go of at shutdown: a Nest app, an event bus, a database. */
export interface Closable {
  close(): Promise<void>;
}

/**
 * SIGINT/SIGTERM close what the process opened once, then exit, in the order given: the HTTP front
 * first, so no new request reaches a closed part, and the backends the apps share last.
 */
export function closeOnSignals(closables: readonly Closable[], logger: Logger): void {
  let closing = false;
  const close = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    closeInOrder(closables)
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGINT', () => close('SIGINT'));
  process.once('SIGTERM', () => close('SIGTERM'));
}

async function closeInOrder(closables: readonly Closable[]): Promise<void> {
  for (const closable of closables) await closable.close();
}
