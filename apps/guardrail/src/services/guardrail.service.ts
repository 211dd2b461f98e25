import { Injectable } from '@nestjs/common';
import { guardrail } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { Guardrails } from '@gatehouse/pipeline';
import { GuardrailCatalog } from '../config/guardrail-catalog';

/** Runs the named guardrails over the texts; any finding blocks. The guardrails port, in-process. */
@Injectable()
export class GuardrailService implements Guardrails {
  constructor(private readonly catalog: GuardrailCatalog) {}

  check(request: guardrail.CheckRequest): Promise<guardrail.CheckResponse> {
    const findings: guardrail.Finding[] = [];
    for (const name of request.guardrails) {
      const check = this.catalog.get(name);
      if (!check) return Promise.reject(new GatewayFailure('bad_request', `guardrail '${name}' is not configured`));
      findings.push(...check.inspect(request.texts));
    }
    return Promise.resolve({ allowed: findings.length === 0, findings });
  }
}
