import { kindSpec } from './error-kinds';
import { GatewayFailure } from './gateway-failure';

export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export function openAiErrorBody(failure: GatewayFailure): OpenAiErrorBody {
  const spec = kindSpec(failure.kind);
  return {
    error: {
      message: failure.message,
      type: spec.type,
      param: failure.details.param ?? null,
      code: failure.details.code ?? spec.code,
    },
  };
}
