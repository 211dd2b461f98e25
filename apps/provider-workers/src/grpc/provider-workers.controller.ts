import { Controller } from '@nestjs/common';
import { providerWorkers } from '@gatehouse/contracts';
import { asFailure, GatewayFailure, toWire } from '@gatehouse/errors';
import { InvokeCall, Invoked } from '@gatehouse/pipeline';
import { catchError, map, Observable, of } from 'rxjs';
import { InvokeService } from '../services/invoke.service';

type InvokeRequest = providerWorkers.InvokeRequest;
type InvokeResponse = providerWorkers.InvokeResponse;
type InvokeChunk = providerWorkers.InvokeChunk;

/** The provider invoker over gRPC: bodies arrive as JSON bytes and leave as JSON bytes; failures in-band. */
@Controller()
@providerWorkers.ProviderWorkersServiceControllerMethods()
export class ProviderWorkersController implements providerWorkers.ProviderWorkersServiceController {
  constructor(private readonly service: InvokeService) {}

  invoke(request: InvokeRequest): Promise<InvokeResponse> {
    return answer(() => this.service.chat(callOf(request)));
  }

  embed(request: InvokeRequest): Promise<InvokeResponse> {
    return answer(() => this.service.embed(callOf(request)));
  }

  invokeStream(request: InvokeRequest): Observable<InvokeChunk> {
    let call: InvokeCall<never>;
    try {
      call = callOf(request);
    } catch (error) {
      return of({ error: toWire(asFailure(error)) });
    }
    return this.service.chatStream(call).pipe(
      map((piece): InvokeChunk => ('chunk' in piece ? { chunk: Buffer.from(piece.chunk.text()) } : piece)),
      catchError((error: unknown) => of({ error: toWire(asFailure(error)) })),
    );
  }
}

async function answer<T>(invoke: () => Promise<Invoked<T>>): Promise<InvokeResponse> {
  try {
    const { body, usage } = await invoke();
    return { result: { body: Buffer.from(body.text()), usage } };
  } catch (error) {
    return { error: toWire(asFailure(error)) };
  }
}

/** The request body is parsed here, once; the adapters see the canonical object. */
function callOf<R>(request: InvokeRequest): InvokeCall<R> {
  let parsed: R;
  try {
    parsed = JSON.parse(request.body.toString('utf8')) as R;
  } catch {
    throw new GatewayFailure('bad_request', 'request body is not valid JSON');
  }
  return { context: request.context!, deploymentId: request.deploymentId, request: parsed };
}
