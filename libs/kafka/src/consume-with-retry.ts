import { Logger } from '@gatehouse/logging';

interface Startable {
  start(): Promise<void>;
  stop(): Promise<void>;
}

const RETRY_MS = 5_000;

export interface ConsumerRun {
  /** Resolves once the consumer has started (joined its group); never rejects. */
  running: Promise<void>;
  stop: () => Promise<void>;
}

/**
 * Starts a consumer and, while Kafka (or what the handler writes to) is down, keeps retrying instead
 * of failing the process: nothing is lost meanwhile, since events wait in Kafka, and a crash loop
 * would only add noise.
 */
export function consumeWithRetry(consumer: Startable, logger: Logger, runningMessage: string): ConsumerRun {
  let stopped = false;
  let onRunning: () => void = () => undefined;
  const running = new Promise<void>((resolve) => (onRunning = resolve));
  let retry: NodeJS.Timeout | undefined;
  const attempt = async (): Promise<void> => {
    try {
      await consumer.start();
      logger.info(runningMessage);
      onRunning();
    } catch (error) {
      if (stopped) return;
      logger.error({ err: error }, `cannot consume events; retrying in ${RETRY_MS / 1000} s`);
      await consumer.stop().catch(() => undefined);
      retry = setTimeout(() => void attempt(), RETRY_MS);
    }
  };
  void attempt();
  return {
    running,
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      await consumer.stop();
    },
  };
}
