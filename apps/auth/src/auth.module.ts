import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseConnection } from '@gatehouse/database';
import { EventBus } from '@gatehouse/events';
import { LimitsStore } from '@gatehouse/governance';
import { Logger } from '@gatehouse/logging';
import { DatabaseConnector } from '@gatehouse/runtime';
import { DataSource } from 'typeorm';
import { AUTH_LOGGER, AuthSettings } from './config/auth-settings';
import { AUTH_DATA_SOURCE, dataSourceOptions } from './config/data-source-options';
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

/** auth's settings and the backends it shares with the rest of its process (owned, and closed, by its caller). */
export interface AuthModuleOptions {
  settings: AuthSettings;
  database: DatabaseConnection;
  events: EventBus;
  limits: LimitsStore;
  logger: Logger;
}

@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    const { settings } = options;
    return {
      module: AuthModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(options.database),
          name: AUTH_DATA_SOURCE,
          manualInitialization: true,
        }),
      ],
      controllers: [AuthController],
      providers: [
        { provide: AuthSettings, useValue: settings },
        { provide: AUTH_LOGGER, useValue: options.logger },
        { provide: EventBus, useValue: options.events },
        { provide: LimitsStore, useValue: options.limits },
        {
          provide: DatabaseConnector,
          inject: [getDataSourceToken(AUTH_DATA_SOURCE)],
          useFactory: (dataSource: DataSource) => new DatabaseConnector(dataSource, options.logger),
        },
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
}
