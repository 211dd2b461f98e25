/**
 * The database cannot be used as it is, and only a person can decide what to do: the message names
 * where the database lives and what to do about it, so start-up can print it as it is and exit.
 */
export class DatabaseStartupError extends Error {
  override readonly name = 'DatabaseStartupError';

  constructor(
    /** The data directory, or a description of the server database. */
    readonly location: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
