import { DataSourceOptions } from 'typeorm';
import { CreateGovernance1764115200000 } from '../migrations/1764115200000-create-governance';
import { AUTH_ENTITIES } from '../repositories/entities';

/** Schema changes only through migrations, applied at start; never `synchronize`. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: AUTH_ENTITIES,
    migrations: [CreateGovernance1764115200000],
    migrationsRun: true,
    migrationsTableName: 'auth_migrations',
    synchronize: false,
    // A dead database must fail a query quickly (auth then answers from its cache), never hang it.
    extra: { max: 10, connectionTimeoutMillis: 2_000, query_timeout: 5_000 },
  };
}
