import { DynamicModule, Module } from '@nestjs/common';
import { DeploymentCatalog } from './config/deployment-catalog';
import { ProviderWorkersController } from './grpc/provider-workers.controller';
import { UpstreamHttpRepository } from './repositories/upstream-http.repository';
import { ProviderRegistry } from './services/provider-registry';
import { InvokeService } from './services/invoke.service';

@Module({})
export class ProviderWorkersModule {
  static forRoot(catalog: DeploymentCatalog): DynamicModule {
    return {
      module: ProviderWorkersModule,
      controllers: [ProviderWorkersController],
      providers: [
        { provide: DeploymentCatalog, useValue: catalog },
        UpstreamHttpRepository,
        ProviderRegistry,
        InvokeService,
      ],
    };
  }
}
