import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { EventBus } from '@gatehouse/events';
import { Logger } from '@gatehouse/logging';
import {
  AuthenticationService,
  CompletionPipeline,
  Cooldowns,
  Credentials,
  ModelCatalog,
  Pipeline,
  StreamPipeline,
} from '@gatehouse/pipeline';
import { ModelInfoCatalog } from './config/model-info-catalog';
import { EDGE_LOGGER } from './config/tokens';
import { ControlConsumer } from './consumers/control.consumer';
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
import { AdminService } from './services/admin.service';
import { MessagesService } from './services/anthropic-messages/messages.service';
import { LegacyCompletionsService } from './services/legacy-completions/legacy-completions.service';
import { ModelsService } from './services/models.service';

/** What a composition hands the HTTP front: the request pipeline with its ports bound, and auth's admin verb. */
export interface EdgeApiModuleOptions {
  pipeline: Pipeline;
  credentials: Credentials;
  modelInfo: ModelInfoCatalog;
  /** Control events: cached principals to drop, deployments to cool down. */
  events: EventBus;
  logger: Logger;
}

@Module({})
export class EdgeApiModule {
  static forRoot(options: EdgeApiModuleOptions): DynamicModule {
    const { pipeline } = options;
    return {
      module: EdgeApiModule,
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
        { provide: ModelCatalog, useValue: pipeline.catalog },
        { provide: AuthenticationService, useValue: pipeline.authentication },
        { provide: Cooldowns, useValue: pipeline.cooldowns },
        { provide: CompletionPipeline, useValue: pipeline.completions },
        { provide: StreamPipeline, useValue: pipeline.streams },
        { provide: Credentials, useValue: options.credentials },
        { provide: ModelInfoCatalog, useValue: options.modelInfo },
        { provide: EDGE_LOGGER, useValue: options.logger },
        { provide: EventBus, useValue: options.events },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: OpenAiExceptionFilter },
        ModelsService,
        MessagesService,
        LegacyCompletionsService,
        AdminService,
        ControlConsumer,
      ],
    };
  }
}
