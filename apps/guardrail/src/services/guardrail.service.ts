import { Injectable } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { guardrail } from '@gatehouse/contracts';
import { status } from '@grpc/grpc-js';
import { GuardrailCatalog } from '../config/guardrail-catalog';

/** Runs the named guardrails over the texts; any finding blocks. */
@Injectable()
export class GuardrailService {
  constructor(private readonly catalog: GuardrailCatalog) {}

  check(request: guardrail.CheckRequest): guardrail.CheckResponse {
    const findings: guardrail.Finding[] = [];
    for (const name of request.guardrails) {
      const check = this.catalog.get(name);
      if (!check)
        throw new RpcException({ code: status.INVALID_ARGUMENT, message: `guardrail '${name}' is not configured` });
      findings.push(...check.inspect(request.texts));
    }
    return { allowed: findings.length === 0, findings };
  }
}
