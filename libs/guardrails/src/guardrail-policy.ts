import { GuardrailConfig } from '@gatehouse/config';
import { GuardrailStage } from './guardrail-engine';

/** LiteLLM's default when a guardrail names no mode. */
const DEFAULT_MODES: readonly GuardrailStage[] = ['pre_call'];
/** Long enough for a remote guardrail under load; a built-in one answers in well under a millisecond. */
const DEFAULT_TIMEOUT_MS = 10_000;

/** How a guardrail is run, as its config entry says; read the same way wherever the call is guarded. */
export interface GuardrailPolicy {
  readonly name: string;
  readonly kind: string;
  readonly modes: readonly GuardrailStage[];
  readonly defaultOn: boolean;
  /** A guardrail that cannot answer lets the call through (true) or refuses it (false). */
  readonly failOpen: boolean;
  readonly timeoutMs: number;
  /** A block is recorded as flagged and the call goes on (LiteLLM's `disable_exception_on_block`). */
  readonly logOnly: boolean;
}

export function policyOf(entry: GuardrailConfig): GuardrailPolicy {
  const params = entry.litellm_params;
  return {
    name: entry.guardrail_name,
    kind: params.guardrail,
    modes: params.mode ?? DEFAULT_MODES,
    defaultOn: params.default_on ?? false,
    failOpen: params.fail_open ?? false,
    timeoutMs: params.timeout === undefined ? DEFAULT_TIMEOUT_MS : Math.round(params.timeout * 1000),
    logOnly: params.disable_exception_on_block ?? false,
  };
}
