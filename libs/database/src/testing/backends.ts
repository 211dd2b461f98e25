import { startInfra } from '@gatehouse/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseConnection } from '../database-connection';
import { EmbeddedDatabase } from '../embedded-database';

/** A database the contract suite runs against, and the way to let go of it. */
export interface Backend {
  /** Where it lives, as the newer-schema check names it. */
  location: string;
  connection: DatabaseConnection;
  close(): Promise<void>;
}

/** A throwaway directory under the system's temp folder, removed by the returned function. */
export async function temporaryDirectory(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'gatehouse-db-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export async function openPgliteBackend(): Promise<Backend> {
  const directory = await temporaryDirectory();
  const database = await EmbeddedDatabase.open(join(directory.path, 'db'));
  return {
    location: database.directory,
    connection: database.connection(),
    close: async () => {
      await database.close();
      await directory.remove();
    },
  };
}

export async function openPostgresBackend(): Promise<Backend> {
  const infra = await startInfra();
  const url = await infra.createDatabase('database_contract');
  return { location: url, connection: { url }, close: () => infra.stop() };
}
