import { ClientGrpc } from '@nestjs/microservices';
import { providerWorkers } from '@gatehouse/contracts';
import { fromWire, GatewayFailure } from '@gatehouse/errors';
import { grpcTransportFailure } from '@gatehouse/grpc';
import { NO_USAGE } from '@gatehouse/providers-core';
import { InvokeCall, Invoked, Payload, ProviderInvoker, StreamPiece } from '@gatehouse/pipeline';
import { catchError, lastValueFrom, map, Observable, throwError } from 'rxjs';

type Client = providerWorkers.ProviderWorkersServiceClient;

/**
 * The provider invoker over gRPC to provider-workers. The request is serialised once; answers and
 * stream chunks stay JSON text, handed on unparsed (the HTTP writer sends them as they came).
 */
export class GrpcProviderInvoker implements ProviderInvoker {
  private readonly client: Client;

  constructor(grpc: ClientGrpc) {
    this.client = grpc.getService<Client>(providerWorkers.PROVIDER_WORKERS_SERVICE_NAME);
  }

  chat<T>(call: InvokeCall<unknown>): Promise<Invoked<T>> {
    return this.unary(this.client.invoke(wireRequest(call)));
  }

  embed<T>(call: InvokeCall<unknown>): Promise<Invoked<T>> {
    return this.unary(this.client.embed(wireRequest(call)));
  }

  chatStream(call: InvokeCall<unknown>): Observable<StreamPiece> {
    return this.client.invokeStream(wireRequest(call)).pipe(
      map((piece): StreamPiece => {
        if (piece.chunk) return { chunk: Payload.fromJson(piece.chunk.toString('utf8')) };
        if (piece.usage) return { usage: piece.usage };
        throw fromWire(piece.error ?? {});
      }),
      catchError((error: unknown) => throwError(() => asGatewayFailure(error))),
    );
  }

  private async unary<T>(response: Observable<providerWorkers.InvokeResponse>): Promise<Invoked<T>> {
    let answer: providerWorkers.InvokeResponse;
    try {
      answer = await lastValueFrom(response);
    } catch (error) {
      throw asGatewayFailure(error);
    }
    if (!answer.result) throw fromWire(answer.error ?? {});
    return { body: Payload.fromJson<T>(answer.result.body.toString('utf8')), usage: answer.result.usage ?? NO_USAGE };
  }
}

function wireRequest(call: InvokeCall<unknown>): providerWorkers.InvokeRequest {
  return { context: call.context, deploymentId: call.deploymentId, body: Buffer.from(JSON.stringify(call.request)) };
}

function asGatewayFailure(error: unknown): GatewayFailure {
  return error instanceof GatewayFailure ? error : grpcTransportFailure(error, 'provider-workers');
}
