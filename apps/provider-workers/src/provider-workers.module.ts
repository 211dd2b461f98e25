import { DynamicModule, Inject, Module, OnModuleInit } from '@nestjs/common';
import { Logger } from '@gatehouse/logging';
import { DeploymentCatalog } from './config/deployment-catalog';
import { WORKERS_LOGGER, WORKERS_SETTINGS, WorkersSettings } from './config/tokens';
import { ProviderWorkersController } from './grpc/provider-workers.controller';
import { UpstreamHttpRepository } from './repositories/upstream-http.repository';
import { ProviderRegistry } from './services/provider-registry';
import { InvokeService } from './services/invoke.service';

@Module({})
export class ProviderWorkersModule implements OnModuleInit {
  constructor(
    private readonly catalog: DeploymentCatalog,
    private readonly registry: ProviderRegistry,
    @Inject(WORKERS_LOGGER) private readonly logger: Logger,
  ) {}

  static forRoot(catalog: DeploymentCatalog, logger: Logger, settings: WorkersSettings): DynamicModule {
    return {
      module: ProviderWorkersModule,
      controllers: [ProviderWorkersController],
      providers: [
        { provide: DeploymentCatalog, useValue: catalog },
        { provide: WORKERS_LOGGER, useValue: logger },
        { provide: WORKERS_SETTINGS, useValue: settings },
        UpstreamHttpRepository,
        ProviderRegistry,
        InvokeService,
      ],
    };
  }

  onModuleInit(): void {
    const unsupported = [...this.catalog.providers()].filter((provider) => !this.registry.supports(provider));
    if (unsupported.length > 0)
      this.logger.warn({ providers: unsupported }, 'deployments of these providers will be refused');
  }
}
