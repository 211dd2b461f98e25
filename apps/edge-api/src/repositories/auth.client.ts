import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ClientGrpc } from '@nestjs/microservices';
import { auth } from '@gatehouse/contracts';
import { toWire } from '@gatehouse/errors';
import { grpcTransportFailure } from '@gatehouse/grpc';
import { catchError, lastValueFrom, of } from 'rxjs';

export const AUTH_GRPC = Symbol('AUTH_GRPC');

type Client = auth.AuthServiceClient;

@Injectable()
export class AuthClient implements OnModuleInit {
  private client!: Client;

  constructor(@Inject(AUTH_GRPC) private readonly grpc: ClientGrpc) {}

  onModuleInit(): void {
    this.client = this.grpc.getService<Client>(auth.AUTH_SERVICE_NAME);
  }

  authenticate(request: auth.AuthenticateRequest): Promise<auth.AuthenticateResponse> {
    return lastValueFrom(
      this.client
        .authenticate(request)
        .pipe(catchError((e: unknown) => of({ error: toWire(grpcTransportFailure(e, 'auth')), cacheTtlMs: 0 }))),
    );
  }

  manage(request: auth.ManageRequest): Promise<auth.ManageResponse> {
    return lastValueFrom(
      this.client
        .manage(request)
        .pipe(catchError((e: unknown) => of({ error: toWire(grpcTransportFailure(e, 'auth')) }))),
    );
  }
}
