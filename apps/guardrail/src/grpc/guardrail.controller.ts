import { Controller } from '@nestjs/common';
import { guardrail } from '@gatehouse/contracts';
import { GuardrailService } from '../services/guardrail.service';

@Controller()
@guardrail.GuardrailServiceControllerMethods()
export class GuardrailController implements guardrail.GuardrailServiceController {
  constructor(private readonly service: GuardrailService) {}

  check(request: guardrail.CheckRequest): guardrail.CheckResponse {
    return this.service.check(request);
  }
}
