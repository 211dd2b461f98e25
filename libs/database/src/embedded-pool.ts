import { EventEmitter } from 'node:events';
import { QueryResult } from 'pg';
import { asError } from './as-error';
import { EmbeddedSession, Lease } from './embedded-session';

/** pg answers a text of several statements with one result per statement. */
export type PgResult = QueryResult | QueryResult[];
export type QueryCallback = (error: Error | null, result?: PgResult) => void;
export type ReleaseCallback = (error?: Error) => void;
export type ConnectCallback = (error: Error | null, client?: LeasedClient, release?: ReleaseCallback) => void;

/** Settles a promise through a node-style callback, as pg does when it is given one. */
function callBack<T>(work: Promise<T>, callback: (error: Error | null, value?: T) => void): void {
  work.then(
    (value) => callback(null, value),
    (error: unknown) => callback(asError(error)),
  );
}

/** pg's `query(text, values?, callback?)` with the values left out when a callback comes second. */
function queryArguments(
  valuesOrCallback: unknown[] | QueryCallback | undefined,
  maybeCallback: QueryCallback | undefined,
): { values?: unknown[]; callback?: QueryCallback } {
  return typeof valuesOrCallback === 'function'
    ? { callback: valuesOrCallback }
    : { values: valuesOrCallback, callback: maybeCallback };
}

/**
 * What `pool.connect` hands out: the shared session, for its holder alone until released. The
 * subset of pg's `PoolClient` TypeORM uses: `query` (promise or callback), events, `release`.
 */
export class LeasedClient extends EventEmitter {
  private released = false;

  constructor(private readonly lease: Lease) {
    super();
  }

  query(text: string, values?: unknown[]): Promise<PgResult>;
  query(text: string, callback: QueryCallback): void;
  query(text: string, values: unknown[] | undefined, callback: QueryCallback): void;
  query(
    text: string,
    valuesOrCallback?: unknown[] | QueryCallback,
    maybeCallback?: QueryCallback,
  ): Promise<PgResult> | void {
    const { values, callback } = queryArguments(valuesOrCallback, maybeCallback);
    const result = this.released
      ? Promise.reject(new Error('Client was released to the pool and can no longer be used'))
      : this.lease.client.query(text, values);
    if (!callback) return result;
    callBack<PgResult>(result, callback);
  }

  /** Hands the session to the next in line; the error pg-pool would destroy a connection for is moot here. */
  release(_error?: Error): void {
    if (this.released) return;
    this.released = true;
    void this.lease.release();
  }
}

/**
 * A pg-`Pool` look-alike over the shared session, one per DataSource. Pool options (size, timeouts)
 * do not apply: there is one in-process session, and a statement running in it cannot be cancelled.
 * `end` stops this pool only; the session stays open for the other DataSources.
 */
export class EmbeddedPool extends EventEmitter {
  private ended = false;
  private readonly stopForwardingErrors: () => void;

  constructor(private readonly session: EmbeddedSession) {
    super();
    this.stopForwardingErrors = session.onError((error) => {
      if (this.listenerCount('error') > 0) this.emit('error', error);
    });
  }

  connect(): Promise<LeasedClient>;
  connect(callback: ConnectCallback): void;
  connect(callback?: ConnectCallback): Promise<LeasedClient> | void {
    const client = this.ended
      ? Promise.reject(new Error('Cannot use a pool after calling end on the pool'))
      : this.session.lease().then((lease) => new LeasedClient(lease));
    if (!callback) return client;
    client.then(
      (leased) => callback(null, leased, (error) => leased.release(error)),
      (error: unknown) => callback(asError(error)),
    );
  }

  query(text: string, values?: unknown[]): Promise<PgResult>;
  query(text: string, callback: QueryCallback): void;
  query(text: string, values: unknown[] | undefined, callback: QueryCallback): void;
  query(
    text: string,
    valuesOrCallback?: unknown[] | QueryCallback,
    maybeCallback?: QueryCallback,
  ): Promise<PgResult> | void {
    const { values, callback } = queryArguments(valuesOrCallback, maybeCallback);
    const result = this.connect().then(async (client) => {
      try {
        return await client.query(text, values);
      } finally {
        client.release();
      }
    });
    if (!callback) return result;
    callBack<PgResult>(result, callback);
  }

  end(): Promise<void>;
  end(callback: (error?: Error) => void): void;
  end(callback?: (error?: Error) => void): Promise<void> | void {
    if (!this.ended) {
      this.ended = true;
      this.stopForwardingErrors();
    }
    if (!callback) return Promise.resolve();
    callback();
  }
}
