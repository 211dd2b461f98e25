import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ClientsModule } from '@nestjs/microservices';
import { grpcOptions } from '@gatehouse/grpc';
import { AdmissionStore } from '@gatehouse/governance';
import { EventPublisher } from '@gatehouse/kafka';
import { Logger } from '@gatehouse/logging';
import Redis from 'ioredis';
import { Kafka } from 'kafkajs';
import { GOVERNANCE_SETTINGS, GovernanceSettings } from './config/governance-settings';
import { ModelDirectory } from './config/model-directory';
import { PriceBook } from './config/price-book';
import { EDGE_LOGGER, EDGE_TOPIC_PREFIX } from './config/tokens';
import { ControlConsumer } from './consumers/control.consumer';
import { ModelInfoCatalog } from './config/model-info-catalog';
import { KeyAdminController } from './http/admin/key-admin.controller';
import { ModelInfoController } from './http/admin/model-info.controller';
import { TeamAdminController } from './http/admin/team-admin.controller';
import { UserAdminController } from './http/admin/user-admin.controller';
import { AuthGuard } from './http/auth.guard';
import { CompletionsController } from './http/completions.controller';
import { HealthController } from './http/health.controller';
import { LegacyCompletionsController } from './http/legacy-completions.controller';
import { MessagesController } from './http/messages.controller';
import { ModelsController } from './http/models.controller';
import { OpenAiExceptionFilter } from './http/openai-exception.filter';
import { AUTH_GRPC, AuthClient } from './repositories/auth.client';
import { ROUTER_GRPC, RouterClient } from './repositories/router.client';
import { AdminService } from './services/admin.service';
import { AdmissionService } from './services/admission.service';
import { MessagesService } from './services/anthropic-messages/messages.service';
import { AuthenticationService } from './services/authentication.service';
import { CompletionsService } from './services/completions.service';
import { LegacyCompletionsService } from './services/legacy-completions/legacy-completions.service';
import { ModelsService } from './services/models.service';
import { ReservationEstimator } from './services/reservation-estimator';
import { StreamService } from './services/stream.service';
import { UsageRecorder } from './services/usage-recorder';

export interface EdgeApiModuleOptions {
  routerUrl: string;
  authUrl: string;
  models: ModelDirectory;
  prices: PriceBook;
  modelInfo: ModelInfoCatalog;
  publisher: EventPublisher;
  kafka: Kafka;
  topicPrefix: string;
  redis: Redis;
  redisKeyPrefix: string;
  governance: GovernanceSettings;
  logger: Logger;
}

@Module({})
export class EdgeApiModule implements OnApplicationShutdown {
  constructor(
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    private readonly redis: Redis,
  ) {}

  static forRoot(options: EdgeApiModuleOptions): DynamicModule {
    return {
      module: EdgeApiModule,
      imports: [
        ClientsModule.register([
          { name: ROUTER_GRPC, ...grpcOptions('router', options.routerUrl) },
          { name: AUTH_GRPC, ...grpcOptions('auth', options.authUrl) },
        ]),
      ],
      controllers: [
        CompletionsController,
        MessagesController,
        LegacyCompletionsController,
        ModelsController,
        HealthController,
        KeyAdminController,
        TeamAdminController,
        UserAdminController,
        ModelInfoController,
      ],
      providers: [
        { provide: ModelDirectory, useValue: options.models },
        { provide: PriceBook, useValue: options.prices },
        { provide: ModelInfoCatalog, useValue: options.modelInfo },
        { provide: EventPublisher, useValue: options.publisher },
        { provide: EDGE_LOGGER, useValue: options.logger },
        { provide: EDGE_TOPIC_PREFIX, useValue: options.topicPrefix },
        { provide: Kafka, useValue: options.kafka },
        { provide: Redis, useValue: options.redis },
        { provide: GOVERNANCE_SETTINGS, useValue: options.governance },
        {
          provide: AdmissionService,
          useValue: new AdmissionService(new AdmissionStore(options.redis, options.redisKeyPrefix), {
            policy: options.governance.onRedisError,
            logger: options.logger,
            leaseMs: options.governance.reservationLeaseMs,
          }),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: OpenAiExceptionFilter },
        AuthClient,
        RouterClient,
        AuthenticationService,
        CompletionsService,
        StreamService,
        ModelsService,
        UsageRecorder,
        MessagesService,
        LegacyCompletionsService,
        ReservationEstimator,
        AdminService,
        ControlConsumer,
      ],
    };
  }

  /** Events still queued are sent before the process goes. */
  async onApplicationShutdown(): Promise<void> {
    await this.publisher.close();
    this.redis.disconnect();
  }
}
