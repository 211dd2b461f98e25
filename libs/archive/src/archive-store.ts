/**
 * Where archived objects live: an S3 bucket (`S3ArchiveStore`) or a local directory with the same
 * layout (`LocalArchiveStore`). Keys are `/`-separated paths checked by `assertArchiveKey`.
 * Writing a key again replaces its object whole; a reader sees the old object or the new one, never
 * part of either.
 */
export abstract class ArchiveStore {
  abstract put(key: string, body: Buffer): Promise<void>;

  /** The object's bytes, or undefined when no object has that key. */
  abstract get(key: string): Promise<Buffer | undefined>;

  /** Every key starting with `prefix` (a plain string prefix, as S3 lists), in ascending order. */
  abstract list(prefix: string): Promise<string[]>;

  /** Where the objects go, for logs: `s3://bucket` or `directory /path`. */
  abstract describe(): string;

  /** Lets go of connections; the store is not used afterwards. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
