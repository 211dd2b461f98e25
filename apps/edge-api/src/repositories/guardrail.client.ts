import { ClientGrpc } from '@nestjs/microservices';
import { guardrail } from '@gatehouse/contracts';
import { grpcTransportFailure } from '@gatehouse/grpc';
import { Guardrails } from '@gatehouse/pipeline';
import { lastValueFrom } from 'rxjs';

/** The guardrails port over gRPC; an unreachable guardrail service fails the call, never skips the check. */
export class GrpcGuardrails implements Guardrails {
  private readonly client: guardrail.GuardrailServiceClient;

  constructor(grpc: ClientGrpc) {
    this.client = grpc.getService<guardrail.GuardrailServiceClient>(guardrail.GUARDRAIL_SERVICE_NAME);
  }

  async check(request: guardrail.CheckRequest): Promise<guardrail.CheckResponse> {
    try {
      return await lastValueFrom(this.client.check(request));
    } catch (error) {
      throw grpcTransportFailure(error, 'guardrail');
    }
  }
}
