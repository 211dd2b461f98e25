import { ClientGrpc } from '@nestjs/microservices';
import { auth } from '@gatehouse/contracts';
import { toWire } from '@gatehouse/errors';
import { grpcTransportFailure } from '@gatehouse/grpc';
import { Credentials } from '@gatehouse/pipeline';
import { catchError, lastValueFrom, of } from 'rxjs';

/** The credentials port over gRPC to auth; a transport failure comes back as an in-band error. */
export class GrpcCredentials implements Credentials {
  private readonly client: auth.AuthServiceClient;

  constructor(grpc: ClientGrpc) {
    this.client = grpc.getService<auth.AuthServiceClient>(auth.AUTH_SERVICE_NAME);
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
