import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { ArchiveStore } from '@gatehouse/archive';
import { DatabaseConnection } from '@gatehouse/database';
import { EventBus } from '@gatehouse/events';
import { Logger } from '@gatehouse/logging';
import { DatabaseConnector } from '@gatehouse/runtime';
import { DataSource } from 'typeorm';
import { ARCHIVE_SETTINGS, archiveSettings } from './config/archive-settings';
import { dataSourceOptions, LEDGER_DATA_SOURCE } from './config/data-source-options';
import { LEDGER_LOGGER } from './config/tokens';
import { UsageConsumer } from './consumers/usage.consumer';
import { ArchiveManifestRepository } from './repositories/archive-manifest.repository';
import { SpendEventArchiveRepository } from './repositories/spend-event-archive.repository';
import { SpendEventsRepository } from './repositories/spend-events.repository';
import { ArchiveScheduler } from './services/archive-scheduler';
import { LedgerService } from './services/ledger.service';
import { UsageArchiver } from './services/usage-archiver.service';

/** Where the ledger keeps spend, reads usage from and archives it to; its process opens (and closes) them. */
export interface UsageLedgerModuleOptions {
  database: DatabaseConnection;
  events: EventBus;
  logger: Logger;
  archive: ArchiveStore;
  /** How often the archiver looks for new ledger rows; 60 s unless given. */
  archiveIntervalSeconds?: number;
}

@Module({})
export class UsageLedgerModule {
  static forRoot(options: UsageLedgerModuleOptions): DynamicModule {
    return {
      module: UsageLedgerModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(options.database),
          name: LEDGER_DATA_SOURCE,
          manualInitialization: true,
        }),
      ],
      providers: [
        {
          provide: DatabaseConnector,
          inject: [getDataSourceToken(LEDGER_DATA_SOURCE)],
          useFactory: (dataSource: DataSource) => new DatabaseConnector(dataSource, options.logger),
        },
        { provide: EventBus, useValue: options.events },
        { provide: LEDGER_LOGGER, useValue: options.logger },
        { provide: ArchiveStore, useValue: options.archive },
        { provide: ARCHIVE_SETTINGS, useValue: archiveSettings({ intervalSeconds: options.archiveIntervalSeconds }) },
        SpendEventsRepository,
        LedgerService,
        UsageConsumer,
        ArchiveManifestRepository,
        SpendEventArchiveRepository,
        UsageArchiver,
        ArchiveScheduler,
      ],
    };
  }
}
