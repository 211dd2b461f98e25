import { ErrorKind, GatewayFailure } from '@gatehouse/errors';
import { AnthropicErrorBody, AnthropicErrorType } from './anthropic.types';

/**
 * Gateway error kinds in Anthropic's error shape (https://docs.anthropic.com/en/api/errors). The
 * HTTP status stays the gateway's (502/503/504 for upstream trouble), which Anthropic SDKs retry
 * exactly as they retry Anthropic's own 5xx and 529.
 */
const TYPES: Record<ErrorKind, AnthropicErrorType> = {
  bad_request: 'invalid_request_error',
  context_window_exceeded: 'invalid_request_error',
  content_policy: 'invalid_request_error',
  budget_exceeded: 'invalid_request_error',
  authentication: 'authentication_error',
  permission_denied: 'permission_error',
  not_found: 'not_found_error',
  payload_too_large: 'request_too_large',
  rate_limited: 'rate_limit_error',
  internal: 'api_error',
  upstream: 'api_error',
  unavailable: 'overloaded_error',
  timeout: 'timeout_error',
};

export function anthropicErrorBody(failure: GatewayFailure): AnthropicErrorBody {
  return { type: 'error', error: { type: TYPES[failure.kind], message: failure.message } };
}
