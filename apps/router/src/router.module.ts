import { DynamicModule, Module } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { grpcOptions } from '@gatehouse/grpc';
import { DeploymentRouter, ModelCatalog } from '@gatehouse/pipeline';
import { RouterController } from './grpc/router.controller';
import { PROVIDER_WORKERS_GRPC, ProviderWorkersClient } from './repositories/provider-workers.client';
import { RoutingService } from './services/routing.service';

export interface RouterModuleOptions {
  catalog: ModelCatalog;
  providerWorkersUrl: string;
}

@Module({})
export class RouterModule {
  static forRoot(options: RouterModuleOptions): DynamicModule {
    return {
      module: RouterModule,
      imports: [
        ClientsModule.register([
          { name: PROVIDER_WORKERS_GRPC, ...grpcOptions('providerWorkers', options.providerWorkersUrl) },
        ]),
      ],
      controllers: [RouterController],
      providers: [
        { provide: ModelCatalog, useValue: options.catalog },
        { provide: DeploymentRouter, useValue: new DeploymentRouter(options.catalog) },
        ProviderWorkersClient,
        RoutingService,
      ],
    };
  }
}
