import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ClientGrpc } from '@nestjs/microservices';
import { router } from '@gatehouse/contracts';
import { toWire } from '@gatehouse/errors';
import { grpcTransportFailure } from '@gatehouse/grpc';
import { catchError, lastValueFrom, Observable, of } from 'rxjs';

export const ROUTER_GRPC = Symbol('ROUTER_GRPC');

type Client = router.RouterServiceClient;

/** gRPC calls to the router; a transport failure comes back as an in-band gateway error. */
@Injectable()
export class RouterClient implements OnModuleInit {
  private client!: Client;

  constructor(@Inject(ROUTER_GRPC) private readonly grpc: ClientGrpc) {}

  onModuleInit(): void {
    this.client = this.grpc.getService<Client>(router.ROUTER_SERVICE_NAME);
  }

  complete(request: router.CompleteRequest): Promise<router.CompleteResponse> {
    return lastValueFrom(this.client.complete(request).pipe(catchError(inBand)));
  }

  embed(request: router.EmbedRequest): Promise<router.EmbedResponse> {
    return lastValueFrom(this.client.embed(request).pipe(catchError(inBand)));
  }

  streamComplete(request: router.CompleteRequest): Observable<router.CompleteChunk> {
    return this.client.streamComplete(request).pipe(catchError(inBand));
  }
}

function inBand(error: unknown) {
  return of({ error: toWire(grpcTransportFailure(error, 'router')) });
}
