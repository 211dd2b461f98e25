import { DatabaseConnection } from '@gatehouse/database';
import { DataSourceOptions } from 'typeorm';
import { CreateSpendEvents1764028800000 } from '../migrations/1764028800000-create-spend-events';
import { CreateArchiveManifest1764201600000 } from '../migrations/1764201600000-create-archive-manifest';
import { SpendEventEntity } from '../repositories/spend-event.entity';

/** The migrations the ledger applies, in order; the embedded database checks it knows every one applied. */
export const LEDGER_MIGRATIONS = [CreateSpendEvents1764028800000, CreateArchiveManifest1764201600000];
export const LEDGER_MIGRATIONS_TABLE = 'usage_ledger_migrations';
/** Named, so that auth's and the ledger's DataSources can live in one process (the standalone one). */
export const LEDGER_DATA_SOURCE = 'usage-ledger';

/** Schema changes only through migrations, applied at start; never `synchronize`. */
export function dataSourceOptions(connection: DatabaseConnection): DataSourceOptions {
  return {
    type: 'postgres',
    ...connection,
    entities: [SpendEventEntity],
    migrations: LEDGER_MIGRATIONS,
    migrationsRun: true,
    migrationsTableName: LEDGER_MIGRATIONS_TABLE,
    synchronize: false,
    extra: { max: 10, connectionTimeoutMillis: 5_000 },
  };
}
