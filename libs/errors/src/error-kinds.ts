/** The gateway's own failure kinds; every provider error and every rule violation maps onto one. */
export const ERROR_KINDS = [
  'bad_request',
  'authentication',
  'permission_denied',
  'not_found',
  'payload_too_large',
  'rate_limited',
  'budget_exceeded',
  'context_window_exceeded',
  'content_policy',
  'timeout',
  'unavailable',
  'upstream',
  'internal',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

interface KindSpec {
  status: number;
  type: string;
  code: string | null;
}

/** HTTP status and OpenAI error `type`/`code` per kind, as OpenAI-SDK clients expect them. */
const SPECS: Record<ErrorKind, KindSpec> = {
  bad_request: { status: 400, type: 'invalid_request_error', code: null },
  authentication: { status: 401, type: 'authentication_error', code: 'invalid_api_key' },
  permission_denied: { status: 403, type: 'permission_error', code: null },
  not_found: { status: 404, type: 'invalid_request_error', code: 'model_not_found' },
  payload_too_large: { status: 413, type: 'invalid_request_error', code: 'request_too_large' },
  rate_limited: { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded' },
  // LiteLLM's status and type for a spent budget, so clients moving over see the same answer.
  budget_exceeded: { status: 400, type: 'budget_exceeded', code: 'budget_exceeded' },
  context_window_exceeded: { status: 400, type: 'invalid_request_error', code: 'context_length_exceeded' },
  content_policy: { status: 400, type: 'invalid_request_error', code: 'content_policy_violation' },
  timeout: { status: 504, type: 'timeout_error', code: 'upstream_timeout' },
  unavailable: { status: 503, type: 'service_unavailable_error', code: 'service_unavailable' },
  upstream: { status: 502, type: 'upstream_error', code: 'bad_gateway' },
  internal: { status: 500, type: 'server_error', code: null },
};

export function kindSpec(kind: ErrorKind): KindSpec {
  return SPECS[kind];
}

export function isErrorKind(value: string): value is ErrorKind {
  return Object.hasOwn(SPECS, value);
}
