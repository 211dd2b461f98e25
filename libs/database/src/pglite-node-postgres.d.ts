// PGlite declares this entry point only in its package `exports`, which this repo's `node` module
// resolution does not read; this states the one function used from it.
declare module '@electric-sql/pglite/node-postgres' {
  import type { PGlite } from '@electric-sql/pglite';
  import type { ClientConfig } from 'pg';

  /** Settings for pg's `Client` that carry a connection speaking the wire protocol to `pglite` in-process. */
  export function createPgConfig(pglite: PGlite): ClientConfig;
}
