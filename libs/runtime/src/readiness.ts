/** The message a launched process sends its parent over IPC once it serves (see libs/launcher). */
const READY = 'gatehouse.ready';

/** What a ready process may tell its launcher for the first screen, e.g. which backends it uses. */
export type ReadyDetails = Readonly<Record<string, string>>;

interface ReadyMessage {
  type: typeof READY;
  details: ReadyDetails;
}

/**
 * Tells the launcher (when there is one) that this process is ready, and marks it ready for its own
 * `/health/ready`. Independent of logging, so `LOG_LEVEL=warn` changes nothing.
 */
export function announceReady(details: ReadyDetails = {}): void {
  readiness.ready = true;
  const message: ReadyMessage = { type: READY, details };
  process.send?.(message);
}

/** The details of a ready message, or undefined for any other message. */
export function readyDetailsOf(message: unknown): ReadyDetails | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { type, details } = message as Partial<ReadyMessage>;
  return type === READY ? (details ?? {}) : undefined;
}

/** Whether this process has announced that it serves. */
export const readiness = { ready: false };
