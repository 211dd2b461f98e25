import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdmissionStore } from '@gatehouse/governance';
import { EventPublisher } from '@gatehouse/kafka';
import { Logger } from '@gatehouse/logging';
import { DatabaseConnector } from '@gatehouse/runtime';
import Redis from 'ioredis';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { AUTH_LOGGER, AuthSettings } from './config/auth-settings';
import { dataSourceOptions } from './config/data-source-options';
import { AUTH_TOPIC_PREFIX } from './config/tokens';
import { ControlConsumer } from './consumers/control.consumer';
import { UsageSpendConsumer } from './consumers/usage-spend.consumer';
import { AuthController } from './grpc/auth.controller';
import { AuditLogRepository } from './repositories/audit-log.repository';
import { ControlEventsRepository } from './repositories/control-events.repository';
import { CredentialsRepository } from './repositories/credentials.repository';
import { KeysRepository } from './repositories/keys.repository';
import { SpendRepository } from './repositories/spend.repository';
import { TeamsRepository } from './repositories/teams.repository';
import { UsersRepository } from './repositories/users.repository';
import { AdminService } from './services/admin/admin.service';
import { KeysAdminService } from './services/admin/keys-admin.service';
import { TeamsAdminService } from './services/admin/teams-admin.service';
import { UsersAdminService } from './services/admin/users-admin.service';
import { CredentialVerifier } from './services/credential-verifier';
import { JWT_VERIFIER, JwtPrincipals } from './services/credentials/jwt-principals';
import { KeyLookupService } from './services/credentials/key-lookup.service';
import { JwtVerifier } from './services/jwt-verifier';
import { SpendReconciler } from './services/spend-reconciler';
import { SpendService } from './services/spend.service';

export interface AuthModuleOptions {
  settings: AuthSettings;
  databaseUrl: string;
  kafka: Kafka;
  topicPrefix: string;
  publisher: EventPublisher;
  redis: Redis;
  logger: Logger;
}

@Module({})
export class AuthModule implements OnApplicationShutdown {
  constructor(
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    private readonly redis: Redis,
  ) {}

  static forRoot(options: AuthModuleOptions): DynamicModule {
    const { settings } = options;
    return {
      module: AuthModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(options.databaseUrl), manualInitialization: true })],
      controllers: [AuthController],
      providers: [
        { provide: AuthSettings, useValue: settings },
        { provide: AUTH_LOGGER, useValue: options.logger },
        { provide: AUTH_TOPIC_PREFIX, useValue: options.topicPrefix },
        { provide: Kafka, useValue: options.kafka },
        { provide: EventPublisher, useValue: options.publisher },
        { provide: Redis, useValue: options.redis },
        {
          provide: DatabaseConnector,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new DatabaseConnector(dataSource, options.logger),
        },
        { provide: AdmissionStore, useValue: new AdmissionStore(options.redis, settings.redisKeyPrefix) },
        { provide: JWT_VERIFIER, useValue: settings.jwt ? new JwtVerifier(settings.jwt) : null },
        AuditLogRepository,
        ControlEventsRepository,
        CredentialsRepository,
        KeysRepository,
        TeamsRepository,
        UsersRepository,
        SpendRepository,
        KeyLookupService,
        JwtPrincipals,
        CredentialVerifier,
        KeysAdminService,
        TeamsAdminService,
        UsersAdminService,
        AdminService,
        SpendService,
        SpendReconciler,
        UsageSpendConsumer,
        ControlConsumer,
      ],
    };
  }

  /** Control events still queued are sent before the process goes. */
  async onApplicationShutdown(): Promise<void> {
    await this.publisher.close();
    this.redis.disconnect();
  }
}
