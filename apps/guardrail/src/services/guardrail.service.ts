import { Injectable } from '@nestjs/common';
import { guardrail } from '@gatehouse/contracts';
import { GuardrailCatalog } from '@gatehouse/guardrails';
import { Guardrails } from '@gatehouse/pipeline';

/** Runs the named guardrails over the texts. The guardrails port, in-process. */
@Injectable()
export class GuardrailService implements Guardrails {
  constructor(private readonly catalog: GuardrailCatalog) {}

  check(request: guardrail.CheckRequest): Promise<guardrail.CheckResponse> {
    return this.catalog.check(request);
  }
}
