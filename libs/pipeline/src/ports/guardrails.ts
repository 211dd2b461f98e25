import { guardrail } from '@gatehouse/contracts';

/**
 * guardrail's verb: run the named guardrails over some texts. Bound to the guardrail service
 * in-process (standalone) or over gRPC (services); the messages are the contract's.
 */
export abstract class Guardrails {
  abstract check(request: guardrail.CheckRequest): Promise<guardrail.CheckResponse>;
}

/** What the pipeline must know of a guardrail before asking it: whether it may rewrite a request. */
export interface GuardrailTraits {
  masksInput(name: string): boolean;
}
