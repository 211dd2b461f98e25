import { DataSourceOptions } from 'typeorm';
import { CreateSpendEvents1764028800000 } from '../migrations/1764028800000-create-spend-events';
import { SpendEventEntity } from '../repositories/spend-event.entity';

/** Schema changes only through migrations, applied at start; never `synchronize`. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [SpendEventEntity],
    migrations: [CreateSpendEvents1764028800000],
    migrationsRun: true,
    migrationsTableName: 'usage_ledger_migrations',
    synchronize: false,
    extra: { max: 10, connectionTimeoutMillis: 5_000 },
  };
}
