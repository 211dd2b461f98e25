import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ClientsModule } from '@nestjs/microservices';
import { grpcOptions } from '@gatehouse/grpc';
import { EventPublisher } from '@gatehouse/kafka';
import { Logger } from '@gatehouse/logging';
import { ModelDirectory } from './config/model-directory';
import { PriceBook } from './config/price-book';
import { EDGE_LOGGER } from './config/tokens';
import { AuthGuard } from './http/auth.guard';
import { CompletionsController } from './http/completions.controller';
import { HealthController } from './http/health.controller';
import { LegacyCompletionsController } from './http/legacy-completions.controller';
import { MessagesController } from './http/messages.controller';
import { ModelsController } from './http/models.controller';
import { OpenAiExceptionFilter } from './http/openai-exception.filter';
import { AUTH_GRPC, AuthClient } from './repositories/auth.client';
import { ROUTER_GRPC, RouterClient } from './repositories/router.client';
import { MessagesService } from './services/anthropic-messages/messages.service';
import { AuthenticationService } from './services/authentication.service';
import { CompletionsService } from './services/completions.service';
import { LegacyCompletionsService } from './services/legacy-completions/legacy-completions.service';
import { ModelsService } from './services/models.service';
import { StreamService } from './services/stream.service';
import { UsageRecorder } from './services/usage-recorder';

export interface EdgeApiModuleOptions {
  routerUrl: string;
  authUrl: string;
  models: ModelDirectory;
  prices: PriceBook;
  publisher: EventPublisher;
  logger: Logger;
}

@Module({})
export class EdgeApiModule implements OnApplicationShutdown {
  constructor(@Inject(EventPublisher) private readonly publisher: EventPublisher) {}

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
      ],
      providers: [
        { provide: ModelDirectory, useValue: options.models },
        { provide: PriceBook, useValue: options.prices },
        { provide: EventPublisher, useValue: options.publisher },
        { provide: EDGE_LOGGER, useValue: options.logger },
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
      ],
    };
  }

  /** Events still queued are sent before the process goes. */
  async onApplicationShutdown(): Promise<void> {
    await this.publisher.close();
  }
}
