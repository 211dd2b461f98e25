/** What the database thread is started with. */
export interface WorkerSettings {
  dataDir: string;
  /** A packed fresh database to unpack into an empty directory instead of running initdb. */
  template?: Uint8Array;
  /** `name=value` for Postgres' command line; they leave postgresql.conf as it is. */
  postgresSettings: string[];
}

/** Wire-protocol bytes for Postgres, or the request to shut it down. */
export type ToWorker = { kind: 'exec'; bytes: Uint8Array } | { kind: 'close' };

export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'failed'; message: string; stderr: string[] }
  | { kind: 'reply'; bytes: Uint8Array }
  | { kind: 'error'; message: string }
  | { kind: 'closed' };
