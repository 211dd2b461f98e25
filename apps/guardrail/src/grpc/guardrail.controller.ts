import { Controller } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { guardrail } from '@gatehouse/contracts';
import { asFailure } from '@gatehouse/errors';
import { status } from '@grpc/grpc-js';
import { GuardrailService } from '../services/guardrail.service';

@Controller()
@guardrail.GuardrailServiceControllerMethods()
export class GuardrailController implements guardrail.GuardrailServiceController {
  constructor(private readonly service: GuardrailService) {}

  /** A check that cannot run (an unknown guardrail) is the caller's mistake: INVALID_ARGUMENT. */
  async check(request: guardrail.CheckRequest): Promise<guardrail.CheckResponse> {
    try {
      return await this.service.check(request);
    } catch (error) {
      throw new RpcException({ code: status.INVALID_ARGUMENT, message: asFailure(error).message });
    }
  }
}
