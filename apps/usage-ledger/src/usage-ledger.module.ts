import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseConnection } from '@gatehouse/database';
import { EventBus } from '@gatehouse/events';
import { Logger } from '@gatehouse/logging';
import { DatabaseConnector } from '@gatehouse/runtime';
import { DataSource } from 'typeorm';
import { dataSourceOptions, LEDGER_DATA_SOURCE } from './config/data-source-options';
import { LEDGER_LOGGER } from './config/ledger-settings';
import { UsageConsumer } from './consumers/usage.consumer';
import { SpendEventsRepository } from './repositories/spend-events.repository';
import { LedgerService } from './services/ledger.service';

/** Where the ledger keeps spend and reads usage from; its process opens (and closes) both. */
export interface UsageLedgerModuleOptions {
  database: DatabaseConnection;
  events: EventBus;
  logger: Logger;
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
        SpendEventsRepository,
        LedgerService,
        UsageConsumer,
      ],
    };
  }
}
