import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Logger } from '@gatehouse/logging';
import { DatabaseConnector } from '@gatehouse/runtime';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './config/data-source-options';
import { LEDGER_LOGGER, LedgerSettings } from './config/ledger-settings';
import { UsageConsumer } from './consumers/usage.consumer';
import { SpendEventsRepository } from './repositories/spend-events.repository';
import { LedgerService } from './services/ledger.service';

export interface UsageLedgerModuleOptions {
  databaseUrl: string;
  kafka: Kafka;
  topicPrefix: string;
  logger: Logger;
}

@Module({})
export class UsageLedgerModule {
  static forRoot(options: UsageLedgerModuleOptions): DynamicModule {
    return {
      module: UsageLedgerModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(options.databaseUrl), manualInitialization: true })],
      providers: [
        {
          provide: DatabaseConnector,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new DatabaseConnector(dataSource, options.logger),
        },
        { provide: Kafka, useValue: options.kafka },
        { provide: LedgerSettings, useValue: new LedgerSettings(options.topicPrefix) },
        { provide: LEDGER_LOGGER, useValue: options.logger },
        SpendEventsRepository,
        LedgerService,
        UsageConsumer,
      ],
    };
  }
}
