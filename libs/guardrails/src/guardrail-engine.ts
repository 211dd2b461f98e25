/** Where in a call a guardrail runs, as LiteLLM names it. */
export type GuardrailStage = 'pre_call' | 'post_call' | 'during_call';

/** What a guardrail is shown: the request's texts (`input`) or the answer's (`output`). */
export type GuardrailSource = 'input' | 'output';

export interface GuardrailInput {
  stage: GuardrailStage;
  source: GuardrailSource;
  /** The texts under inspection, in message order; a mask verdict returns one text for each. */
  texts: readonly string[];
  /** The gateway's id for the client request: masking tags derive from it, so they agree across one request's checks. */
  requestId: string;
  /** Aborted when the guardrail's time is up. */
  signal: AbortSignal;
}

/**
 * A guardrail's answer. `detail` is what the client is told on a block (the guardrail's own message
 * where it has one) and what the usage event records; `type` is the detector that fired.
 */
export type GuardrailVerdict =
  | { action: 'pass' }
  | { action: 'block'; type: string; detail: string }
  | { action: 'mask'; type: string; detail: string; texts: string[] };

/** One configured guardrail, ready to check text. Throws only when it could not check (outage, timeout). */
export interface GuardrailEngine {
  readonly name: string;
  /** Whether a check of input may answer `mask`: such a guardrail must answer before the provider is called. */
  readonly masksInput: boolean;
  check(input: GuardrailInput): Promise<GuardrailVerdict>;
}
