import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ClientGrpc } from '@nestjs/microservices';
import { providerWorkers } from '@gatehouse/contracts';
import { GatewayErrorWire, toWire } from '@gatehouse/errors';
import { grpcTransportFailure } from '@gatehouse/grpc';
import { catchError, lastValueFrom, Observable, of } from 'rxjs';

export const PROVIDER_WORKERS_GRPC = Symbol('PROVIDER_WORKERS_GRPC');

type Client = providerWorkers.ProviderWorkersServiceClient;

/** gRPC calls to provider-workers; a transport failure comes back as an in-band gateway error. */
@Injectable()
export class ProviderWorkersClient implements OnModuleInit {
  private client!: Client;

  constructor(@Inject(PROVIDER_WORKERS_GRPC) private readonly grpc: ClientGrpc) {}

  onModuleInit(): void {
    this.client = this.grpc.getService<Client>(providerWorkers.PROVIDER_WORKERS_SERVICE_NAME);
  }

  invoke(request: providerWorkers.InvokeRequest): Promise<providerWorkers.InvokeResponse> {
    return lastValueFrom(
      this.client.invoke(request).pipe(catchError((e: unknown) => of({ error: transportError(e) }))),
    );
  }

  embed(request: providerWorkers.InvokeRequest): Promise<providerWorkers.InvokeResponse> {
    return lastValueFrom(this.client.embed(request).pipe(catchError((e: unknown) => of({ error: transportError(e) }))));
  }

  invokeStream(request: providerWorkers.InvokeRequest): Observable<providerWorkers.InvokeChunk> {
    return this.client.invokeStream(request).pipe(catchError((e: unknown) => of({ error: transportError(e) })));
  }
}

function transportError(error: unknown): GatewayErrorWire {
  return toWire(grpcTransportFailure(error, 'provider-workers'));
}
