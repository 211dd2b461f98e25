import { ArchiveStore, LocalArchiveStore } from '@gatehouse/archive';
import { redactUrlCredentials, StandaloneEnv } from '@gatehouse/config';
import { DatabaseConnection, EmbeddedDatabase } from '@gatehouse/database';
import { EventBus, KafkaEventBus, LocalEventBus } from '@gatehouse/events';
import { LimitsStore, MemoryAdmissionStore, openRedisLimits } from '@gatehouse/governance';
import { Logger } from '@gatehouse/logging';
import { Closable } from '@gatehouse/runtime';
import { AUTH_MIGRATIONS, AUTH_MIGRATIONS_TABLE } from '../../auth/src/config/data-source-options';
import { archiveStoreFrom } from '../../usage-ledger/src/config/archive-store';
import { LEDGER_MIGRATIONS, LEDGER_MIGRATIONS_TABLE } from '../../usage-ledger/src/config/data-source-options';
import { DataDirectory } from './data-directory';

/** What the standalone process runs on, each backend embedded or the real service its setting names. */
export interface StandaloneBackends {
  database: DatabaseConnection;
  events: EventBus;
  limits: LimitsStore;
  archive: ArchiveStore;
  /** One line per backend for the first screen: `embedded (…)` or where the service is. */
  summary: Record<'database' | 'limits' | 'events' | 'archive', string>;
  /** Closes every backend, in reverse order of opening, once the apps have closed. */
  close(): Promise<void>;
}

type BackendEnv = Pick<
  StandaloneEnv,
  | 'GATEHOUSE_DATA_DIR'
  | 'DATABASE_URL'
  | 'REDIS_URL'
  | 'REDIS_KEY_PREFIX'
  | 'KAFKA_BROKERS'
  | 'KAFKA_TOPIC_PREFIX'
  | 'S3_ENDPOINT'
  | 'S3_BUCKET'
  | 'S3_REGION'
  | 'AWS_ACCESS_KEY_ID'
  | 'AWS_SECRET_ACCESS_KEY'
>;

/**
 * Each backend whose setting is absent is embedded under the data directory, which is only opened
 * (and locked) when one is: PGlite for the database, an in-process store for limits and budgets,
 * a durable local journal for events, a directory in S3's layout for the archive.
 */
export async function openBackends(env: BackendEnv, logger: Logger): Promise<StandaloneBackends> {
  const opened: Closable[] = [];
  let directory: DataDirectory | undefined;
  // Opened on first use, before the backend that needs it, so it is let go of after that backend.
  const dataDirectory = (): DataDirectory => {
    if (directory) return directory;
    const lockedNow = DataDirectory.open(env.GATEHOUSE_DATA_DIR);
    opened.push({ close: () => Promise.resolve(lockedNow.release()) });
    return (directory = lockedNow);
  };
  const close = async () => {
    for (const closable of opened.reverse()) await closable.close();
  };
  try {
    const database = await openDatabase(env, dataDirectory, opened);
    const limits = await openLimits(env, logger, opened);
    const events = await openEvents(env, dataDirectory, logger, opened);
    const archive = archiveStoreFrom(env, () => dataDirectory().folder('archive'));
    opened.push(archive);
    const embedded = archive instanceof LocalArchiveStore;
    return {
      database: database.connection,
      events: events.bus,
      limits: limits.store,
      archive,
      summary: {
        database: database.where,
        limits: limits.where,
        events: events.where,
        archive: embedded ? `embedded (${archive.describe()})` : archive.describe(),
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function openDatabase(env: BackendEnv, dataDirectory: () => DataDirectory, opened: Closable[]) {
  if (env.DATABASE_URL) return { connection: { url: env.DATABASE_URL }, where: redactUrlCredentials(env.DATABASE_URL) };
  const path = dataDirectory().folder('db');
  const database = await EmbeddedDatabase.open(path);
  opened.push(database);
  // Checked before any migration runs: a newer build's schema must not be half-understood.
  await database.refuseUnknownMigrations(AUTH_MIGRATIONS_TABLE, AUTH_MIGRATIONS.map(nameOf));
  await database.refuseUnknownMigrations(LEDGER_MIGRATIONS_TABLE, LEDGER_MIGRATIONS.map(nameOf));
  return { connection: database.connection(), where: `embedded (PGlite in ${path})` };
}

async function openLimits(env: BackendEnv, logger: Logger, opened: Closable[]) {
  if (!env.REDIS_URL) return { store: new MemoryAdmissionStore(), where: 'embedded (in this process)' };
  const limits = await openRedisLimits(env.REDIS_URL, env.REDIS_KEY_PREFIX, logger);
  opened.push(limits);
  return { store: limits.store, where: redactUrlCredentials(env.REDIS_URL) };
}

async function openEvents(env: BackendEnv, dataDirectory: () => DataDirectory, logger: Logger, opened: Closable[]) {
  let bus: EventBus;
  let where: string;
  if (env.KAFKA_BROKERS) {
    bus = await KafkaEventBus.open(
      {
        brokers: env.KAFKA_BROKERS,
        clientId: 'gatehouse',
        topicPrefix: env.KAFKA_TOPIC_PREFIX,
        maxQueued: 100_000,
        lingerMs: 25,
      },
      logger,
    );
    where = `Kafka ${env.KAFKA_BROKERS.join(',')}`;
  } else {
    const path = dataDirectory().folder('events');
    // The consumers write to PGlite, where each statement costs milliseconds of this process's one
    // thread: batches gathered over a quarter second keep that off most requests.
    bus = await LocalEventBus.open(path, logger, { lingerMs: 250 });
    where = `embedded (journal in ${path})`;
  }
  opened.push(bus);
  return { bus, where };
}

function nameOf(migration: new () => { name?: string }): string {
  return new migration().name ?? migration.name;
}
