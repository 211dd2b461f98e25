/** The message a launched process sends its parent over IPC once it serves (see libs/launcher). */
const READY = 'gatehouse.ready';

/**
 * Tells the launcher (when there is one) that this process is ready, and marks it ready for its own
 * `/health/ready`. Independent of logging, so `LOG_LEVEL=warn` changes nothing.
 */
export function announceReady(): void {
  readiness.ready = true;
  process.send?.({ type: READY });
}

export function isReadyMessage(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === READY;
}

/** Whether this process has announced that it serves. */
export const readiness = { ready: false };
